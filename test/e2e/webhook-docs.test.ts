/**
 * The OpenAPI document's `webhooks` section is what receivers really get: every event type is
 * documented, and events delivered to a real receiver validate against their documented body
 * schema (Ajv, JSON Schema 2020-12), with undocumented properties refused.
 */
import { BENEFICIARY_FIELDS, EVENT_TYPES } from "@atensi/contracts";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ADMIN, signedIn, useTestHub, verifiedLks } from "../support/hub";
import { eventually, nikFor, referralInput, setUpProgram, startReceiver } from "../support/programs";

const hub = useTestHub({ worker: true });
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver?.close());

type Schema = Record<string, unknown>;
/** The documented schema, closed: an object may carry only the properties it documents. */
const closed = (schema: unknown): unknown => {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!schema || typeof schema !== "object") return schema;
  const out: Schema = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, closed(v)]));
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
};

it("documents every event type as a webhook, and delivered events match their documented bodies", {
  timeout: 60_000,
}, async () => {
  const document = (await (await fetch(`${hub.url}/v1/openapi.json`)).json()) as {
    webhooks: Record<string, { post: { requestBody: { content: Record<string, { schema: unknown }> } } }>;
    components?: unknown;
  };
  expect(Object.keys(document.webhooks).sort()).toEqual([...EVENT_TYPES].sort());

  const admin = await signedIn(hub.url, ADMIN);
  const { program, endpoint } = await setUpProgram(admin, {
    code: "PKH",
    endpointUrl: receiver.url,
    // Every field, so the delivered bodies exercise every documented property.
    allowedFields: [...BENEFICIARY_FIELDS],
  });
  receiver.useSecret(endpoint!.secret);
  const { client: lks } = await verifiedLks(hub.url, 61);
  const ids: string[] = [];
  for (const serial of [1, 2]) {
    const res = await lks.post(
      "/v1/referrals",
      referralInput(program.id, {
        beneficiary: {
          ...referralInput(program.id).beneficiary,
          nik: nikFor("1985-07-12", "female", serial),
        },
      }),
    );
    expect(res.status, res.text).toBe(201);
    ids.push(res.json.id);
  }
  expect((await lks.post(`/v1/referrals/${ids[0]}/cancel`, { note: "Salah program" })).status).toBe(200);
  expect(
    (await lks.post(`/v1/referrals/${ids[1]}/withdraw-consent`, { note: "Persetujuan ditarik" })).status,
  ).toBe(200);
  await eventually(() => receiver.verified.length >= 4);

  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ $id: "openapi:components", components: document.components ?? {} });
  const seen = new Set<string>();
  for (const { event, body } of receiver.verified) {
    const documented = document.webhooks[event.type]?.post.requestBody.content["application/json"]?.schema;
    expect(documented, event.type).toBeDefined();
    const validate = ajv.compile(
      JSON.parse(
        JSON.stringify(closed(documented)).replaceAll(
          '"$ref":"#/components/',
          '"$ref":"openapi:components#/components/',
        ),
      ),
    );
    const valid = validate(JSON.parse(body));
    expect(valid ? [] : validate.errors, event.type).toEqual([]);
    seen.add(event.type);
  }
  expect([...seen].sort()).toEqual(["referral.cancelled", "referral.consent_withdrawn", "referral.sent"]);

  // The check has teeth: a property nobody documented is refused.
  const sent = receiver.verified.find((r) => r.event.type === "referral.sent")!;
  const tampered = JSON.parse(sent.body);
  tampered.data.referral.beneficiary.mothersName = "Undocumented";
  const validate = ajv.compile(
    JSON.parse(
      JSON.stringify(
        closed(document.webhooks["referral.sent"]!.post.requestBody.content["application/json"]!.schema),
      ).replaceAll('"$ref":"#/components/', '"$ref":"openapi:components#/components/'),
    ),
  );
  expect(validate(tampered)).toBe(false);
});
