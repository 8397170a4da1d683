import { copyFile, mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import solid from "vite-plugin-solid";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/**
 * The API's `/docs` page loads Scalar's standalone browser bundle from `/vendor/scalar.js`
 * (no CDN): copy it from the installed package into the build output.
 */
const vendorScalar = (): Plugin => {
  let outDir = resolve(here, "dist");
  return {
    name: "atensi:vendor-scalar",
    apply: "build",
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      // The package exports no ./package.json; its main entry is dist/index.js.
      const source = join(dirname(require.resolve("@scalar/api-reference")), "browser", "standalone.js");
      await mkdir(join(outDir, "vendor"), { recursive: true });
      await copyFile(source, join(outDir, "vendor", "scalar.js"));
    },
  };
};

// `pnpm dev` at the repository root serves the API on PORT (3000 by default).
const apiTarget = process.env.ATENSI_API_URL ?? "http://127.0.0.1:3000";

export default defineConfig({
  root: here,
  plugins: [solid(), vendorScalar()],
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", sourcemap: true },
  server: {
    proxy: {
      "/v1": { target: apiTarget, changeOrigin: false },
      "/docs": { target: apiTarget },
      "/health": { target: apiTarget },
    },
  },
});
