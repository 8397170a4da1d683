/** Loaded together on first use (see app.ts): signing in, users, partners, regions, units and mail. */
export { auth } from "../routes/auth";
export { mail } from "../routes/mail";
export { partners } from "../routes/partners";
export { regions } from "../routes/regions";
export { units } from "../routes/units";
export { users } from "../routes/users";
