/**
 * A hub as its own process, for the crash test: the API and the in-process delivery worker,
 * exactly as `pnpm start` wires them, against the table named by ATENSI_TABLE in the DynamoDB
 * Local at DYNAMODB_ENDPOINT (the test file's own), on PORT. The parent kills it with SIGKILL.
 *
 *   node --import tsx test/reliability/hub-process.ts
 */
import { createWebApp, listen, startDeliveryWorker } from "@atensi/local";

for (const name of [
  "DYNAMODB_ENDPOINT",
  "ATENSI_TABLE",
  "ATENSI_PII_KEY",
  "ATENSI_BLIND_INDEX_KEY",
  "PORT",
]) {
  if (!process.env[name]) throw new Error(`${name} is not set`);
}
// API only: the portal is not needed, so no static files are served.
const server = await listen(createWebApp("/nonexistent-portal"), Number(process.env.PORT));
startDeliveryWorker();
process.stdout.write(`ready ${server.url}\n`);
