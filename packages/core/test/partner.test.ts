import { UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { describe, expect, it } from "vitest";
import { Audit, Database, HubError, Partner, User } from "../src";
import { AuditEntity } from "../src/audit";
import { asPublic, asUser, countItems, registration } from "./support";

const reviewer = <R>(fn: () => R) => asUser(["kemensos_reviewer"], fn);

const expectHubError = async (promise: Promise<unknown>, kind: HubError["kind"], code?: string) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HubError);
  expect((error as HubError).kind).toBe(kind);
  if (code) expect((error as HubError).code).toBe(code);
  return error as HubError;
};

describe("Partner.register", () => {
  it("writes the partner, its admin, both guards, both audit events, the address confirmation link and its e-mail in one transaction", async () => {
    const before = await countItems();
    const partner = await asPublic(() => Partner.register(registration(1)));
    expect(partner.status).toBe("pending_verification");
    expect(partner.accreditation.expiresOn).toBe("2027-06-20");
    expect(partner.id).toMatch(/^lks_[0-9a-z]{26}$/);
    expect((await countItems()) - before).toBe(8);
    const admin = await User.fromEmail("ADMIN1@lks.example");
    expect(admin?.roles).toEqual(["lks_admin"]);
    expect(admin?.partnerID).toBe(partner.id);
    expect(admin?.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("refuses a duplicate registration number or email and writes nothing", async () => {
    await asPublic(() => Partner.register(registration(2)));
    const before = await countItems();
    const sameNumber = registration(2, {
      admin: { name: "X Y", email: "other@lks.example", password: "kata-sandi-yang-panjang" },
    });
    await expectHubError(
      asPublic(() => Partner.register(sameNumber)),
      "conflict",
      "registration_number_taken",
    );
    const sameEmail = registration(3, {
      admin: { name: "X Y", email: "admin2@lks.example", password: "kata-sandi-yang-panjang" },
    });
    await expectHubError(
      asPublic(() => Partner.register(sameEmail)),
      "conflict",
      "email_taken",
    );
    expect(await countItems()).toBe(before);
  });

  it("rejects invalid input field by field, writing nothing", async () => {
    const before = await countItems();
    const error = await expectHubError(
      asPublic(() =>
        Partner.register(
          registration(4, {
            provinceCode: "31",
            clusters: [],
            accreditation: { grade: "D", accreditedOn: "2024-01-01" },
          }),
        ),
      ),
      "input",
    );
    expect(error.extra.errors?.map((e) => e.field)).toEqual(
      expect.arrayContaining(["regencyCode", "clusters", "accreditation.grade"]),
    );
    const future = registration(5, { accreditation: { grade: "A", accreditedOn: "2999-01-01" } });
    await expectHubError(
      asPublic(() => Partner.register(future)),
      "input",
    );
    expect(await countItems()).toBe(before);
  });
});

describe("partner lifecycle", () => {
  it("verifies, suspends and reinstates, refusing illegal transitions with the allowed ones", async () => {
    const { id } = await asPublic(() => Partner.register(registration(10)));
    const active = await reviewer(() => Partner.verify(id, 1));
    expect(active).toMatchObject({ status: "active", version: 2 });
    const illegal = await expectHubError(
      reviewer(() => Partner.verify(id)),
      "conflict",
      "illegal_transition",
    );
    expect(illegal.extra.allowed).toEqual(["suspend"]);
    await expectHubError(
      reviewer(() => Partner.suspend(id, { reason: "Laporan tidak masuk" })),
      "forbidden",
    );
    const suspended = await asUser(["kemensos_approver"], () =>
      Partner.suspend(id, { reason: "Laporan tidak masuk" }),
    );
    expect(suspended).toMatchObject({ status: "suspended", statusReason: "Laporan tidak masuk" });
    const back = await asUser(["kemensos_approver"], () => Partner.reinstate(id));
    expect(back.status).toBe("active");
    expect(back.statusReason).toBeUndefined();
  });

  it("answers a stale version with a precondition failure", async () => {
    const { id } = await asPublic(() => Partner.register(registration(11)));
    await expectHubError(
      reviewer(() => Partner.verify(id, 7)),
      "precondition",
    );
  });

  it("lets exactly one of many concurrent decisions win", async () => {
    const { id } = await asPublic(() => Partner.register(registration(12)));
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        reviewer(() =>
          i % 2 ? Partner.verify(id) : Partner.reject(id, { reason: "Dokumen tidak lengkap" }),
        ),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) {
      if (r.status === "rejected")
        expect(["precondition", "conflict"]).toContain((r.reason as HubError).kind);
    }
    const trail = await reviewer(() => Partner.auditTrail(id));
    expect(trail.items.map((e) => e.version)).toEqual([1, 2]);
    expect(trail.verification.valid).toBe(true);
  });

  it("hides another LKS's record (404) and lets an LKS read its own", async () => {
    const mine = await asPublic(() => Partner.register(registration(13)));
    const theirs = await asPublic(() => Partner.register(registration(14)));
    const read = await asUser(["lks_admin"], () => Partner.fromID(mine.id), mine.id);
    expect(read.id).toBe(mine.id);
    await expectHubError(
      asUser(["lks_admin"], () => Partner.fromID(theirs.id), mine.id),
      "not_found",
    );
    await expectHubError(
      asUser(["lks_admin"], () => Partner.verify(theirs.id), mine.id),
      "not_found",
    );
    await expectHubError(
      asUser(["lks_admin"], () => Partner.list({}), mine.id),
      "forbidden",
    );
  });

  it("lists by status and province with a cursor, newest first", async () => {
    const ids: string[] = [];
    for (const n of [20, 21, 22]) ids.push((await asPublic(() => Partner.register(registration(n)))).id);
    const jakarta = await asPublic(() =>
      Partner.register(registration(23, { provinceCode: "31", regencyCode: "3175" })),
    );
    const first = await asUser(["auditor"], () =>
      Partner.list({ status: "pending_verification", province: "32", limit: "2" }),
    );
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toBeTruthy();
    const second = await asUser(["auditor"], () =>
      Partner.list({ status: "pending_verification", province: "32", limit: "2", cursor: first.nextCursor }),
    );
    const seen = [...first.items, ...second.items].map((p) => p.id);
    expect(seen).toEqual(expect.arrayContaining(ids));
    expect(seen).not.toContain(jakarta.id);
    const byProvince = await asUser(["auditor"], () => Partner.list({ province: "31" }));
    expect(byProvince.items.map((p) => p.id)).toEqual([jakarta.id]);
    await expectHubError(
      asUser(["auditor"], () => Partner.list({ cursor: "garbage" })),
      "input",
    );
  });
});

describe("audit chain", () => {
  it("verifies an untouched chain and detects a tampered event", async () => {
    const { id } = await asPublic(() => Partner.register(registration(30)));
    await reviewer(() => Partner.verify(id));
    expect(await Audit.verify(id)).toMatchObject({ valid: true, events: 2 });
    const events = await Audit.list(id);
    const first = events[0]!;
    await Database.raw().send(
      new UpdateItemCommand({
        TableName: Database.tableName(),
        Key: marshall(AuditEntity.get({ entityID: id, version: first.version }).params().Key),
        UpdateExpression: "SET #d = :d",
        ExpressionAttributeNames: { "#d": "data" },
        ExpressionAttributeValues: { ":d": { M: { name: { S: "Yayasan Palsu" } } } },
        ConditionExpression: "attribute_exists(pk)",
      }),
    );
    const result = await Audit.verify(id);
    expect(result).toMatchObject({ valid: false, brokenAtVersion: first.version });
  });
});

describe("Partner.update", () => {
  it("lets an LKS admin edit its own profile, auditing each changed field", async () => {
    const { id } = await asPublic(() => Partner.register(registration(40)));
    const admin = <R>(fn: () => R) => asUser(["lks_admin"], fn, id);
    const contacts = [
      { name: "Siti Rahmawati", position: "Sekretaris", email: "siti@lks.example", phone: "081298765432" },
    ];
    const updated = await admin(() =>
      Partner.update(
        id,
        {
          contacts,
          accreditation: { grade: "A", accreditedOn: "2025-01-10" },
          address: "Jl. Pangkalan II, Bantar Gebang, Kota Bekasi",
        },
        1,
      ),
    );
    expect(updated).toMatchObject({
      version: 2,
      contacts,
      accreditation: { grade: "A", expiresOn: "2030-01-10" },
    });
    const trail = await admin(() => Partner.auditTrail(id));
    const last = trail.items.at(-1)!;
    expect(last.action).toBe("partner.updated");
    expect(Object.keys(last.data.changes as object).sort()).toEqual(["accreditation", "contacts"]);
    expect(trail.verification.valid).toBe(true);
    const unchanged = await admin(() =>
      Partner.update(id, { address: "Jl. Pangkalan II, Bantar Gebang, Kota Bekasi" }),
    );
    expect(unchanged.version).toBe(2);
  });

  it("refuses other tenants, operators, stale versions, identity fields and empty edits, writing nothing", async () => {
    const { id } = await asPublic(() => Partner.register(registration(41)));
    const other = await asPublic(() => Partner.register(registration(42)));
    const before = await countItems();
    await expectHubError(
      asUser(["lks_admin"], () => Partner.update(other.id, { address: "Jl. Lain No. 1, Kota Bekasi" }), id),
      "not_found",
    );
    await expectHubError(
      asUser(["lks_operator"], () => Partner.update(id, { address: "Jl. Lain No. 1, Kota Bekasi" }), id),
      "forbidden",
    );
    await expectHubError(
      asUser(["lks_admin"], () => Partner.update(id, { address: "Jl. Lain No. 1, Kota Bekasi" }, 9), id),
      "precondition",
    );
    const identity = await expectHubError(
      asUser(["lks_admin"], () => Partner.update(id, { name: "Yayasan Baru" }), id),
      "input",
    );
    expect(identity.extra.errors).toEqual([{ field: "name", code: "unknown_field", message: "Unknown field" }]);
    await expectHubError(
      asUser(["lks_admin"], () => Partner.update(id, {}), id),
      "input",
    );
    expect(await countItems()).toBe(before);
  });
});
