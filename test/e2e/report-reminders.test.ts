import { Clock } from "@atensi/core/clock";
import { Sweep } from "@atensi/core/sweep";
import { afterAll, expect, it } from "vitest";
import { agreementInput } from "../support/agreements";
import { APPROVER, SECOND_APPROVER, signedIn, TEST_PASSWORD, useTestHub, verifiedLks } from "../support/hub";
import { reportContent } from "../support/reports";

/**
 * Report reminders with a controllable clock (core's `Clock`): nothing sleeps; the test stands
 * the clock on the days around a due date and runs the schedules there, twice a day (the
 * worker's own runs go on beside them), and the mail path to the real SMTP catcher.
 */
const hub = useTestHub({ worker: true, mail: true });
afterAll(() => Clock.reset());

const next = new Date().getUTCFullYear() + 1;
const ADMIN_EMAIL = "admin81@lks.example";

/** 09:00 in Jakarta on `day`: the schedules run there, twice, then the notices are mailed. */
const day = async (date: string) => {
  Clock.set(`${date}T02:00:00Z`);
  await Sweep.schedules("test-a");
  await Sweep.schedules("test-b");
  await Sweep.mail("test");
};

it("reminds an LKS seven days and one day before a report is due and once when it is overdue, by e-mail in Indonesian", async () => {
  const { client: lks } = await verifiedLks(hub.url, 81);
  const created = await lks.post(
    "/v1/agreements",
    agreementInput({
      reportingCadence: "monthly",
      yearlyTargets: [{ year: next, cluster: "penyandang_disabilitas", target: 100 }],
    }),
  );
  expect(created.status, created.text).toBe(201);
  const agreementID = created.json.id as string;
  await lks.post(`/v1/agreements/${agreementID}/submit`);
  await (await signedIn(hub.url, APPROVER)).post(`/v1/agreements/${agreementID}/recommend`);
  await (await signedIn(hub.url, SECOND_APPROVER)).post(`/v1/agreements/${agreementID}/approve`);

  const mails = () => hub.mail!.messages().filter((m) => m.to.includes(ADMIN_EMAIL));
  /** Subjects of the mails about one month's report (`Januari`), in the order they came. */
  const subjects = (month: string) =>
    mails()
      .map((m) => m.subject)
      .filter((s) => s.toLowerCase().includes(`laporan ${month.toLowerCase()} ${next}`));
  const inbox = async () => {
    const admin = await signedIn(hub.url, { email: ADMIN_EMAIL, password: TEST_PASSWORD });
    return (await admin.get("/v1/notifications?limit=100")).json.items as {
      kind: string;
      params: Record<string, string | number>;
    }[];
  };
  const notices = async (period: string) =>
    (await inbox())
      .filter((n) => n.kind.startsWith("report.") && n.params.period === period)
      .map((n) => (n.kind === "report.overdue" ? n.kind : `${n.kind} ${n.params.days}`))
      .sort();

  // January's report is due on 10 February: the agreement starts on 1 January.
  await day(`${next}-01-01`);
  await day(`${next}-02-02`);
  expect(await notices(`${next}-01`)).toEqual([]);

  await day(`${next}-02-03`);
  await hub.mail!.waitFor((m) => m.to.includes(ADMIN_EMAIL) && m.subject.includes("Januari"));
  expect(subjects("Januari")).toEqual([`Laporan Januari ${next} jatuh tempo 10 Februari ${next}`]);
  expect(await notices(`${next}-01`)).toEqual(["report.due 7"]);

  await day(`${next}-02-08`);
  await day(`${next}-02-09`);
  await hub.mail!.waitFor((m) => m.to.includes(ADMIN_EMAIL) && m.subject.startsWith("Pengingat terakhir"));
  await day(`${next}-02-10`);
  await day(`${next}-02-11`);
  await hub.mail!.waitFor((m) => m.to.includes(ADMIN_EMAIL) && m.subject.endsWith("terlambat"));
  await day(`${next}-02-12`);
  expect(subjects("Januari")).toEqual([
    `Laporan Januari ${next} jatuh tempo 10 Februari ${next}`,
    `Pengingat terakhir: laporan Januari ${next} jatuh tempo 10 Februari ${next}`,
    `Laporan Januari ${next} terlambat`,
  ]);
  expect(await notices(`${next}-01`)).toEqual(["report.due 7", "report.due_final 1", "report.overdue"]);
  const final = mails().find((m) => m.subject.startsWith("Pengingat terakhir"))!;
  expect(final.text).toContain("pengingat terakhir sebelum tenggat");
  expect(final.text).toContain(`${hub.url}/reports`);

  // February's report, submitted after its first reminder: no final reminder, nothing overdue.
  await day(`${next}-03-03`);
  const admin = await signedIn(hub.url, { email: ADMIN_EMAIL, password: TEST_PASSWORD });
  const report = await admin.post("/v1/reports", { agreementID, period: `${next}-02` });
  expect(report.status, report.text).toBe(201);
  await admin.request("PUT", `/v1/reports/${report.json.id}`, { content: reportContent() });
  const submitted = await admin.post(`/v1/reports/${report.json.id}/submit`);
  expect(submitted.status, submitted.text).toBe(200);
  await day(`${next}-03-09`);
  await day(`${next}-03-11`);
  expect(await notices(`${next}-02`)).toEqual(["report.due 7"]);
  expect(subjects("Februari")).toEqual([`Laporan Februari ${next} jatuh tempo 10 Maret ${next}`]);
}, 120_000);
