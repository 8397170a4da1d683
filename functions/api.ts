/** The HTTP API behind API Gateway (payload format 2.0): the same Hono app that runs locally on Node. */
import { app } from "@atensi/api";
import { handle } from "hono/aws-lambda";

export const handler = handle(app);
