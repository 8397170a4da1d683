import { SessionCache } from "./cache";
import { SessionEntity } from "./entity";

/** Ends every session of a user: on password change, and when the user is disabled. */
export const revokeSessions = async (userID: string) => {
  SessionCache.forgetUser(userID);
  let cursor: string | null = null;
  do {
    const page: { data: { tokenHash: string }[]; cursor: string | null } = await SessionEntity.query
      .byUser({ userID })
      .go({ cursor, attributes: ["tokenHash"] });
    await Promise.all(page.data.map((s) => SessionEntity.delete({ tokenHash: s.tokenHash }).go()));
    cursor = page.cursor;
  } while (cursor);
};
