/**
 * The entity layer writes and reads exactly what ElectroDB 3.9.3 did for the same entities: the
 * same items, keys, updated attributes and conditions (fixtures/entity-params.json was recorded
 * from ElectroDB before it was replaced). Tables written by earlier versions therefore read
 * unchanged, and every access pattern in the entity files' tables still holds. Some entries were
 * re-recorded from this layer when attributes were added (UserEntity: emailConfirmedAt,
 * invitationHash, unitID; NotificationEntity: params, fanout and its gsi1; TrackerEntity: checkOn and its gsi1, finalRemindedFor;
 * SessionEntity: unitID; AgreementEntity: regencyCode; ReportEntity: regencyCode, review level, queue, claim and social
 * worker, gsi4 and gsi5; UnitEntity and SocialWorkerEntity are new; ProgramEntity: serviceLevels, contactEmails;
 * ReferralEntity: sla, erasure, duplicateReason):
 * their keys keep the same format.
 */
import { describe, expect, it } from "vitest";
import * as entities from "./fixtures/all-entities";
import expected from "./fixtures/entity-params.json";
import { record } from "./fixtures/record-params";

const comparable = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(comparable)
    : value && typeof value === "object"
      ? "error" in value
        ? { error: true }
        : Object.fromEntries(
            Object.entries(value)
              .filter(([, v]) => v !== undefined)
              .map(([k, v]) => [k, comparable(v)]),
          )
      : value;

const actual = comparable(record(entities)) as Record<string, Record<string, unknown>>;

describe("entity layer, against ElectroDB's recorded parameters", () => {
  for (const [entity, operations] of Object.entries(expected as Record<string, Record<string, unknown>>)) {
    it(`${entity}: items, keys, updates, queries`, () => {
      expect(actual[entity]).toEqual(operations);
    });
  }

  it("covers every entity of the table", () => {
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  });
});
