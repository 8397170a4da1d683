export { assertJava, type DynamoLocal, freePort, LocalSetupError, startDynamoLocal } from "./dynamo";
export { startSampleProgram } from "./sample-program";
export { createWebApp, listen } from "./server";
export { startDeliveryWorker } from "./worker";
