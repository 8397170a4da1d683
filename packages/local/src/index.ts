export { assertJava, type DynamoLocal, freePort, LocalSetupError, startDynamoLocal } from "./dynamo";
export { type CaughtMail, type MailCatcher, mailPages, startMailCatcher } from "./mail-catcher";
export { startSampleProgram } from "./sample-program";
export { createWebApp, listen } from "./server";
export { startDeliveryWorker } from "./worker";
