/** Loaded together on first use (see app.ts): programmes, webhooks, referrals, notifications. */
export { deliveries, endpoints } from "../routes/endpoints";
export { notifications } from "../routes/notifications";
export { programs } from "../routes/programs";
export { referrals } from "../routes/referrals";
