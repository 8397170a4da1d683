import { randomBytes, randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Isolation by table: every test file works in a fresh table of the shared DynamoDB Local.
// Core reads its configuration when first imported, so the environment is set before that.
process.env.ATENSI_TABLE = `test_${randomUUID().slice(0, 13)}`;
process.env.ATENSI_ENV = "test";
process.env.ATENSI_LOG_REQUESTS = "false";
process.env.AWS_REGION = "ap-southeast-3";
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
// Keys for sealing personal data and for blind indexes: fresh per test file, as `.data/` is locally.
process.env.ATENSI_PII_KEY = randomBytes(32).toString("base64");
process.env.ATENSI_BLIND_INDEX_KEY = randomBytes(32).toString("base64");
// Test receivers listen on this machine; only this name is let through the SSRF guard.
process.env.ATENSI_WEBHOOK_ALLOW_HOSTS = "localhost";
process.env.ATENSI_DOCUMENTS_DIR = join(tmpdir(), `atensi-documents-${process.env.ATENSI_TABLE}`);

const { Database } = await import("@atensi/core");
await Database.ensureTable();
