import { SocialWorkerCreate, SocialWorkerListQuery } from "@atensi/contracts";
import { Actor, STAFF_TENANT } from "../actor";
import { Change } from "../change";
import type { EntityItem } from "../db/entity";
import { nowISO, page } from "../db/support";
import { HubError } from "../error";
import { fn } from "../fn";
import { createID } from "../id";
import { Policy } from "../policy";
import { Unit } from "../unit";
import { User } from "../user";
import { SocialWorkerEntity } from "./entity";

export { SocialWorkerEntity };

type SocialWorkerItem = EntityItem<typeof SocialWorkerEntity>;

const toView = (item: SocialWorkerItem) => ({
  id: item.socialWorkerID,
  name: item.name,
  certificateNumber: item.certificateNumber,
  certificateValidFrom: item.certificateValidFrom,
  certificateValidUntil: item.certificateValidUntil,
  ...(item.unitID ? { unitID: item.unitID } : {}),
  ...(item.partnerID ? { partnerID: item.partnerID } : {}),
  clusters: item.clusters,
  ...(item.userID ? { userID: item.userID } : {}),
  createdAt: item.createdAt,
  version: item.version,
});

const changes = Change.of({
  entity: SocialWorkerEntity,
  type: "socialworker",
  id: (item) => item.socialWorkerID,
  keys: (item) => ({ socialWorkerID: item.socialWorkerID }),
  tenant: (item) => item.partnerID ?? STAFF_TENANT,
  link: () => "/social-workers",
});

export namespace SocialWorker {
  export type View = ReturnType<typeof toView>;

  /** Staff register social workers of a unit or an LKS; an LKS admin those of its own LKS. */
  export const create = fn(SocialWorkerCreate, async (data) => {
    const tenant = Actor.tenant();
    const partnerID = tenant ?? data.partnerID;
    Policy.assert("social_worker.manage", partnerID ? { partnerID } : {});
    if (tenant && data.unitID) {
      throw HubError.input("An LKS registers its own social workers", [
        {
          field: "unitID",
          code: "unit_not_allowed",
          message: "Leave the unit empty: the social worker works at your LKS",
        },
      ]);
    }
    if (data.unitID) await Unit.assertExists(data.unitID);
    if (data.userID && !(await User.get(data.userID))) {
      throw HubError.input("Unknown user", [
        { field: "userID", code: "unknown_user", message: "No such portal user" },
      ]);
    }
    const now = nowISO();
    const item = await changes.create(
      {
        socialWorkerID: createID("socialWorker"),
        ...data,
        ...(partnerID ? { partnerID } : {}),
        owner: partnerID ?? data.unitID ?? STAFF_TENANT,
        createdAt: now,
        updatedAt: now,
      },
      {
        action: "social_worker.registered",
        data: { name: data.name, certificateNumber: data.certificateNumber },
      },
    );
    return toView(item);
  });

  export const get = async (socialWorkerID: string) =>
    (await SocialWorkerEntity.get({ socialWorkerID }).go()).data ?? undefined;

  export const fromID = async (socialWorkerID: string) => {
    Policy.assert("social_worker.list", { partnerID: Actor.tenant() });
    const item = await get(socialWorkerID);
    if (!item) throw HubError.notFound("Social worker");
    return toView(item);
  };

  /** The registry by name; with `validOn`, only certificates valid that day. */
  export const list = fn(SocialWorkerListQuery, async (q) => {
    Policy.assert("social_worker.list", { partnerID: Actor.tenant() });
    const query = SocialWorkerEntity.query.all({});
    const valid = q.validOn
      ? query.where((a, op) =>
          [op.lte(a.certificateValidFrom, q.validOn), op.gte(a.certificateValidUntil, q.validOn)].join(
            " AND ",
          ),
        )
      : query;
    const result = await page(() => valid.go({ cursor: q.cursor ?? null, limit: q.limit ?? 100 }));
    return { items: result.items.map(toView), nextCursor: result.nextCursor };
  });
}
