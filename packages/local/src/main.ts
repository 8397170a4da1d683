/**
 * `pnpm start`: DynamoDB Local on disk under DATA_DIR, the table, demo data on first start, and
 * the hub (API + portal) on PORT. One hub per DATA_DIR; Ctrl-C stops everything cleanly.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { LocalSetupError, startDynamoLocal } from "./dynamo";
import { acquireLock } from "./lock";

// Local machines run Node 20 (Lambda runs nodejs22.x); the SDK's notice about its future Node 22
// requirement is recorded in the README instead of printed on every start.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const repoRoot = resolve(fileURLToPath(import.meta.url), "../../../..");
const dataDir = resolve(repoRoot, process.env.DATA_DIR ?? ".data");
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";

const demoPassword = () => {
  const file = join(dataDir, "demo-password.txt");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const password = `atensi-${randomBytes(6).toString("base64url")}`;
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
};

/**
 * Keys for sealing personal data and for the NIK blind index: generated at first start into
 * DATA_DIR (git-ignored), never in the repository. Losing this file makes sealed data unreadable.
 */
const localKeys = () => {
  const file = join(dataDir, "keys.json");
  if (!existsSync(file)) {
    const keys = {
      ATENSI_PII_KEY: randomBytes(32).toString("base64"),
      ATENSI_BLIND_INDEX_KEY: randomBytes(32).toString("base64"),
    };
    writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  }
  return JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
};

const main = async () => {
  mkdirSync(dataDir, { recursive: true });
  let lock: ReturnType<typeof acquireLock>;
  try {
    lock = acquireLock(dataDir);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  let dynamo: Awaited<ReturnType<typeof startDynamoLocal>> | undefined;
  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping the hub…");
    await web?.close().catch(() => {});
    await dynamo?.stop();
    lock.release();
    process.exit(code);
  };
  let web: { close: () => Promise<void> } | undefined;
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
  try {
    process.stdout.write("Starting DynamoDB Local… ");
    dynamo = await startDynamoLocal({ dataDir: join(dataDir, "dynamodb") });
    dynamo.process.on("exit", (code, signal) => {
      if (stopping) return;
      // A Ctrl-C in the terminal reaches the whole process group, Java included.
      const signalled = signal !== null || code === 130 || code === 143;
      if (!signalled) console.error(`DynamoDB Local stopped unexpectedly (code ${code}).`);
      void stop(signalled ? 0 : 1);
    });
    console.log(`ready at ${dynamo.endpoint}`);
    lock.describe({ dynamoPid: dynamo.process.pid });
    process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
    process.env.ATENSI_ENV ??= "local";
    process.env.ATENSI_TABLE ??= "atensi";
    for (const [name, value] of Object.entries(localKeys())) process.env[name] ??= value;
    // The sample programme listens on this machine; only this host name passes the SSRF guard.
    process.env.ATENSI_WEBHOOK_ALLOW_HOSTS ??= "localhost";
    // Agreement documents: the same upload/confirm/download API as S3 in AWS, on files here.
    process.env.ATENSI_DOCUMENTS_DIR ??= join(dataDir, "documents");
    // Core reads its configuration when first imported, so import it only now.
    const { Database } = await import("@atensi/core");
    const { demoSignIns, isSeeded, seed, seedPrograms } = await import("./seed");
    const { createWebApp, listen } = await import("./server");
    const { startDeliveryWorker } = await import("./worker");
    const { startSampleProgram } = await import("./sample-program");
    const { mailPages, startMailCatcher } = await import("./mail-catcher");
    // Mail goes to the catcher on this machine unless ATENSI_SMTP_URL names another server.
    const catcher = process.env.ATENSI_SMTP_URL
      ? undefined
      : await startMailCatcher({
          port: Number(process.env.MAIL_CATCHER_PORT ?? port + 2),
          dir: join(dataDir, "mail"),
        });
    if (catcher) process.env.ATENSI_SMTP_URL = catcher.smtpUrl;
    process.env.ATENSI_PORTAL_URL ??= `http://${host === "0.0.0.0" ? "localhost" : host}:${port}`;
    const table = await Database.ensureTable();
    console.log(`Table ${Database.tableName()}: ${table}.`);
    const password = demoPassword();
    const seeded = !(await isSeeded());
    if (seeded) {
      await seed(password);
      const { seedReports } = await import("./seed-reports");
      await seedReports();
    }
    const server = await listen(
      createWebApp(join(repoRoot, "portal/dist"), catcher ? { pages: mailPages(catcher) } : {}),
      port,
      host,
    );
    const receiverPort = Number(process.env.SAMPLE_PROGRAM_PORT ?? port + 1);
    const sample = await seedPrograms({
      dataDir,
      password,
      receiverUrl: `http://localhost:${receiverPort}/webhooks/atensi`,
    });
    const receiver = await startSampleProgram({ ...sample, hubUrl: server.url, port: receiverPort });
    const worker = startDeliveryWorker();
    web = {
      close: async () => {
        await worker.stop();
        await receiver.close();
        await server.close();
        await catcher?.close();
      },
    };
    lock.describe({ url: server.url, dynamoPid: dynamo.process.pid });
    console.log(`\nATENSI Integration Hub is running at ${server.url}`);
    console.log(`  API docs: ${server.url}/docs   health: ${server.url}/health   data: ${dataDir}`);
    console.log(
      catcher
        ? `  Mail catcher: ${server.url}/_mail/ (SMTP on port ${catcher.port}; nothing leaves this machine)`
        : `  Mail goes to ${process.env.ATENSI_SMTP_URL}`,
    );
    console.log(
      `  Sample receiving programme (${sample.name}) at ${receiver.url}: it verifies and acknowledges referrals.`,
    );
    if (seeded) console.log("  Demo data seeded (first start).");
    console.log(
      `\nDemo sign-ins (password for all: ${password}, kept in ${join(dataDir, "demo-password.txt")}):`,
    );
    for (const s of demoSignIns())
      console.log(`  ${s.email.padEnd(28)} ${s.roles.join(", ").padEnd(18)} ${s.who}`);
    console.log("\nPress Ctrl-C to stop.");
  } catch (error) {
    if (error instanceof LocalSetupError) console.error(`\n${error.message}`);
    else if ((error as NodeJS.ErrnoException).code === "EADDRINUSE")
      console.error(`\nPort ${port} is in use; set PORT to another port.`);
    else console.error(error);
    await stop(1);
  }
};

void main();
