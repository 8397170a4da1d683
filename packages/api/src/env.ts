import type { ProgramActor, UserActor } from "@atensi/core/actor";

export type AppEnv = {
  Variables: {
    requestID: string;
    session?: { token: string; csrfToken: string; actor: UserActor["properties"] };
    program?: ProgramActor["properties"];
    /** The route a lazily loaded feature matched, for the request log. */
    route?: string;
  };
};

/** `local` turns off what needs HTTPS (Secure cookies, HSTS); everything else is production-like. */
export const isLocal = () => process.env.ATENSI_ENV === "local" || process.env.ATENSI_ENV === "test";

export const SESSION_COOKIE = "atensi_session";
