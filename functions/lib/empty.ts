/**
 * Not deployed: the floor of the cold-start benchmark (test/bench/lambda.ts), an empty handler
 * bundled with exactly the same esbuild options as the real functions.
 */
export const handler = async () => ({ statusCode: 200, body: "" });
