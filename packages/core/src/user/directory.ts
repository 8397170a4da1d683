import type { EntityItem } from "../db/entity";
import { UserEntity } from "./entity";

export type UserItem = EntityItem<typeof UserEntity>;

/**
 * Reading users, apart from the user namespace: notifications (which every change sends) need
 * only this, and importing `User` would bring password hashing, mail and invitations into every
 * function that sends a notice, and an import cycle (`User` sends notifications).
 */
export namespace Users {
  export const get = async (userID: string) => {
    const { data } = await UserEntity.get({ userID }).go({ consistent: true });
    return data ?? undefined;
  };

  /** Every user of a tenant (an LKS, or Kemensos staff). */
  export const ofTenant = async (tenant: string) =>
    (await UserEntity.query.byTenant({ tenant }).go({ pages: "all" })).data;

  export const idsOfTenant = async (tenant: string) =>
    (await UserEntity.query.byTenant({ tenant }).go({ pages: "all", attributes: ["userID"] })).data.map(
      (user) => user.userID,
    );
}
