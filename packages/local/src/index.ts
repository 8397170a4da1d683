export { assertJava, freePort, LocalSetupError, startDynamoLocal, type DynamoLocal } from "./dynamo";
export { createWebApp, listen } from "./server";
