import { expect, it } from "vitest";
import { Client, linkIn, registration, TEST_PASSWORD, useTestHub } from "../support/hub";

const hub = useTestHub({ worker: true, mail: true });
const password = TEST_PASSWORD;

it("an LKS registers, staff verify it, its admin signs in, sees only its own profile and invites an operator", async () => {
  const lks = new Client(hub.url);
  const registered = await lks.post("/v1/partners", registration(7));
  expect(registered.status).toBe(201);
  const id = registered.json.id as string;
  expect((await lks.signIn("admin7@lks.example", password)).json.code).toBe("partner_not_active");

  const other = (await new Client(hub.url).post("/v1/partners", registration(8))).json.id as string;

  const staff = new Client(hub.url);
  await staff.signIn("reviewer@kemensos.example", password);
  const pending = await staff.get("/v1/partners?status=pending_verification&province=32");
  expect(pending.json.items.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining([id, other]));
  const detail = await staff.get(`/v1/partners/${id}`);
  expect(detail.headers.get("etag")).toBe('"1"');
  expect((await staff.post(`/v1/partners/${id}/verify`, undefined, { "if-match": '"0"' })).status).toBe(412);
  const verified = await staff.post(`/v1/partners/${id}/verify`, undefined, { "if-match": '"1"' });
  expect(verified.json).toMatchObject({ status: "active", version: 2 });
  const conflict = await staff.post(`/v1/partners/${id}/verify`);
  expect(conflict.status).toBe(409);
  expect(conflict.json.allowed).toEqual(["suspend"]);

  expect((await lks.signIn("admin7@lks.example", password)).status).toBe(200);
  const me = await lks.get("/v1/partners/me");
  expect(me.json).toMatchObject({ id, status: "active", name: "Yayasan Balarenik 7" });
  expect((await lks.get(`/v1/partners/${other}`)).status).toBe(404);
  expect((await lks.get("/v1/partners")).status).toBe(403);

  const edited = await lks.request(
    "PATCH",
    `/v1/partners/${id}`,
    {
      contacts: [{ name: "Agus Salim", position: "Ketua", email: "agus@lks.example", phone: "081234567890" }],
    },
    { "if-match": '"2"' },
  );
  expect(edited.json, JSON.stringify(edited.json)).toMatchObject({
    version: 3,
    contacts: [{ position: "Ketua" }],
  });
  expect(
    (
      await lks.request(
        "PATCH",
        `/v1/partners/${id}`,
        { address: "Jl. Baru No. 2, Kota Bekasi" },
        { "if-match": '"2"' },
      )
    ).status,
  ).toBe(412);

  const invited = await lks.post("/v1/users/operators", {
    email: "operator7@lks.example",
    name: "Operator Tujuh",
  });
  expect(invited.status).toBe(201);
  // The link reaches the operator by e-mail only.
  const mail = await hub.mail!.waitFor((m) => m.to.includes("operator7@lks.example"));
  const accepted = await new Client(hub.url).post("/v1/auth/invitations/accept", {
    token: linkIn(mail.text, "/invitation").token,
    password,
  });
  expect(accepted.json).toMatchObject({ status: "active", roles: ["lks_operator"], partnerID: id });
  const operator = new Client(hub.url);
  expect((await operator.signIn("operator7@lks.example", password)).status).toBe(200);
  expect((await operator.get("/v1/partners/me")).json.id).toBe(id);

  const trail = await staff.get(`/v1/partners/${id}/audit`);
  expect(trail.json.items.map((e: { action: string }) => e.action)).toEqual([
    "partner.registered",
    "partner.verify",
    "partner.updated",
  ]);
  expect(trail.json.verification.valid).toBe(true);
  // 23 s in a full fresh-clone run on 2 cores (the default 30 s was too close).
}, 60_000);
