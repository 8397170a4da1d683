/**
 * Programme aggregates, kept by the transactions that change them (an agreement's activation adds
 * its targets; a report's acceptance adds its realisation; the reporting schedule counts expected,
 * submitted and on-time reports), so a dashboard reads a bounded number of items.
 *
 * | access pattern                               | index | key                                             |
 * |----------------------------------------------|-------|-------------------------------------------------|
 * | one year's rows of one dimension             | table | pk = year, sk begins_with <dimension>#          |
 *
 * Dimensions: cluster#<cluster>, province#<code>, partner#<partnerID>, period#<period>, and the
 * finest grains cell#<province>#<cluster>#<period> (persons) and service#<province>#<form>#<period>
 * (services given).
 */
import { Entity } from "../db/entity";
import { entityConfig } from "../db/support";

export const AggregateEntity = new Entity(
  {
    model: { entity: "aggregate", version: "1", service: "atensi" },
    attributes: {
      year: { type: "string", required: true },
      dimension: { type: "string", required: true },
      key: { type: "string", required: true },
      label: { type: "string" },
      target: { type: "number" },
      realised: { type: "number" },
      expected: { type: "number" },
      submitted: { type: "number" },
      onTime: { type: "number" },
    },
    indexes: {
      byYear: {
        pk: { field: "pk", composite: ["year"] },
        sk: { field: "sk", composite: ["dimension", "key"] },
      },
    },
  },
  entityConfig(),
);
