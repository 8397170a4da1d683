export { assertJava, type DynamoLocal, freePort, LocalSetupError, startDynamoLocal } from "./dynamo";
export { createWebApp, listen } from "./server";
