import { describe, expect, it } from "vitest";
import { Client, countItems, registration, TEST_PASSWORD, useTestHub } from "../../../test/support/hub";

const hub = useTestHub();
const password = TEST_PASSWORD;

const expectProblem = (
  res: { status: number; headers: Headers; json: { code?: string } },
  status: number,
  code?: string,
) => {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  if (code) expect(res.json.code).toBe(code);
};

describe("bad input", () => {
  it("answers 400 naming every failing field and unknown fields, writing nothing", async () => {
    const before = await countItems();
    const res = await new Client(hub.url).post(
      "/v1/partners",
      registration(1, { regencyCode: "3175", surprise: 1, npwp: "01.000.013.2-093.000" }),
    );
    expectProblem(res, 400, "invalid_input");
    expect(res.json.errors).toEqual(
      expect.arrayContaining([
        {
          field: "regencyCode",
          code: "regency_mismatch",
          message: "The regency is not in the chosen province",
        },
        { field: "surprise", code: "unknown_field", message: "Unknown field" },
        { field: "npwp", code: "npwp_check", message: "NPWP check digit does not match" },
      ]),
    );
    expect(await countItems()).toBe(before);
  });

  it("gives each field error a stable code with the schema's bounds as params, never the input", async () => {
    const before = await countItems();
    const res = await new Client(hub.url).post(
      "/v1/partners",
      registration(90, {
        name: "ab",
        legalForm: "koperasi",
        registrationNumber: undefined,
        address: "x".repeat(501),
        accreditation: { grade: "Z", accreditedOn: "2024-02-30" },
        provinceCode: "3",
        clusters: [],
        contacts: [{ name: "Agus Salim", email: "agus@", phone: "12345" }],
      }),
    );
    expectProblem(res, 400, "invalid_input");
    const byField = Object.fromEntries(
      (res.json.errors as { field: string; code: string; params?: object }[]).map((e) => [
        e.field,
        e.params ? { code: e.code, params: e.params } : { code: e.code },
      ]),
    );
    expect(byField).toMatchObject({
      name: { code: "too_short", params: { min: 3 } },
      address: { code: "too_long", params: { max: 500 } },
      legalForm: { code: "legal_form" },
      registrationNumber: { code: "required" },
      "accreditation.grade": { code: "grade" },
      "accreditation.accreditedOn": { code: "date_real" },
      provinceCode: { code: "province_code" },
      clusters: { code: "choose_cluster", params: { min: 1 } },
      "contacts.0.email": { code: "format", params: { format: "email" } },
      "contacts.0.phone": { code: "phone" },
    });
    expect(JSON.stringify(res.json)).not.toContain("agus@");

    const client = new Client(hub.url);
    const limit = await client.get("/v1/partners?limit=1000");
    expectProblem(limit, 400, "invalid_input");
    expect(limit.json.errors).toEqual([
      { field: "limit", code: "max_value", params: { max: 100 }, message: "At most 100" },
    ]);
    expect(await countItems()).toBe(before);
  });

  it("answers 415 for a non-JSON body, 413 over 1 MB and 400 for malformed JSON", async () => {
    const before = await countItems();
    const form = await fetch(`${hub.url}/v1/partners`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "name=x",
    });
    expect(form.status).toBe(415);
    expect(form.headers.get("content-type")).toMatch(/problem\+json/);
    const big = await fetch(`${hub.url}/v1/partners`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "x".repeat(1024 * 1024 + 10) }),
    });
    expect(big.status).toBe(413);
    const malformed = await fetch(`${hub.url}/v1/partners`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{nope",
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get("content-type")).toMatch(/problem\+json/);
    expect(await countItems()).toBe(before);
  });

  it("answers 409 to a duplicate registration", async () => {
    const client = new Client(hub.url);
    expect((await client.post("/v1/partners", registration(2))).status).toBe(201);
    expectProblem(await client.post("/v1/partners", registration(2)), 409, "registration_number_taken");
  });

  it("answers unknown routes and bad ids with problems", async () => {
    const client = new Client(hub.url);
    await client.signIn("reviewer@kemensos.example", password);
    expectProblem(await client.get("/v1/nothing-here"), 404, "route_not_found");
    expectProblem(await client.get("/v1/partners/not-an-id"), 400, "invalid_input");
    expectProblem(await client.get("/v1/partners?limit=1000"), 400, "invalid_input");
    await new Client(hub.url).post("/v1/partners", registration(41));
    await new Client(hub.url).post("/v1/partners", registration(42));
    const page = await client.get("/v1/partners?limit=1&status=pending_verification");
    expect(page.status).toBe(200);
    expect(page.json.items).toHaveLength(1);
    const next = await client.get(
      `/v1/partners?limit=1&status=pending_verification&cursor=${encodeURIComponent(page.json.nextCursor)}`,
    );
    expect(next.json.items[0].id).not.toBe(page.json.items[0].id);
    // A cursor taken from another list, and one forged to point anywhere, are the client's error.
    const foreign = await client.get(
      `/v1/partners?limit=1&province=32&cursor=${encodeURIComponent(page.json.nextCursor)}`,
    );
    expectProblem(foreign, 400, "invalid_input");
    const forged = Buffer.from(JSON.stringify({ pk: { S: "x" } })).toString("base64url");
    expectProblem(await client.get(`/v1/partners?cursor=${forged}`), 400, "invalid_input");
  });
});

describe("sessions", () => {
  it("sets an HttpOnly SameSite cookie, requires the CSRF header for writes, and signs out", async () => {
    const client = new Client(hub.url);
    expectProblem(await client.get("/v1/auth/me"), 401, "unauthenticated");
    const res = await client.signIn("reviewer@kemensos.example", password);
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().join(";");
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const created = await new Client(hub.url).post("/v1/partners", registration(3));
    const noCsrf = await client.post(`/v1/partners/${created.json.id}/verify`, undefined, {
      "x-csrf-token": "forged",
    });
    expectProblem(noCsrf, 403, "csrf_token_invalid");
    expect((await client.get("/v1/auth/me")).json.user.email).toBe("reviewer@kemensos.example");
    expect((await client.post("/v1/auth/sign-out")).status).toBe(204);
    client.csrf = "";
    expectProblem(await client.get("/v1/auth/me"), 401);
  });

  it("throttles repeated failed sign-ins with 429 and Retry-After", async () => {
    const client = new Client(hub.url);
    for (let i = 0; i < 5; i++)
      expectProblem(
        await client.signIn("reviewer@kemensos.example", "salah-salah-salah"),
        401,
        "invalid_credentials",
      );
    const res = await client.signIn("reviewer@kemensos.example", password);
    expectProblem(res, 429, "sign_in_throttled");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});

describe("headers and docs", () => {
  it("sends security headers", async () => {
    const res = await fetch(`${hub.url}/health`);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });

  it("serves an OpenAPI 3.1 document generated from the schemas, and the docs page", async () => {
    const spec = await (await fetch(`${hub.url}/v1/openapi.json`)).json();
    expect(spec.openapi).toBe("3.1.0");
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        "/partners",
        "/partners/{id}/verify",
        "/auth/sign-in",
        "/exports/partners.xlsx",
      ]),
    );
    expect(Object.keys(spec.paths["/exports/partners.xlsx"].get.responses["200"].content)).toEqual([
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ]);
    const body = spec.paths["/partners"].post.requestBody.content["application/json"].schema;
    expect(body.required).toEqual(expect.arrayContaining(["name", "registrationNumber", "admin"]));
    const docs = await fetch(`${hub.url}/docs`);
    expect(await docs.text()).toContain("/v1/openapi.json");
  });
});
