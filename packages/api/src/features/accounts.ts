/** Loaded together on first use (see app.ts): signing in, users, partners and regions. */
export { auth } from "../routes/auth";
export { partners } from "../routes/partners";
export { regions } from "../routes/regions";
export { users } from "../routes/users";
