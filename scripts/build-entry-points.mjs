/**
 * The second half of `npm run build`: the production server (`npm start`, scripts/serve.ts) and the
 * worker (`npm run worker`, scripts/worker.ts) bundled into one JavaScript file each, in
 * `.next/rekey/`, beside the build Next made (which `next build` clears, so a bundle never outlives
 * its build). Packages stay in node_modules; only the project's own TypeScript is bundled.
 *
 * Why not run them through tsx, as before (issue 23): tsx resolves and transforms every one of the
 * project's modules through Node's loader hooks at each start. A start took 7.8–8.8 CPU-s for the
 * server (6.0–6.8 s to its first health answer) and 4.3 for the worker's imports; from the bundle,
 * 4.8–5.6 (4.6–5.3 s) and 1.9. Every deployment, scale-out and restart pays it. `npm test` starts
 * eight of these processes: its process checks took 67 CPU-s instead of 102 (the scale-out check
 * 38 instead of 57), the browser suite 638 instead of 669.
 */
import { build } from "esbuild";

const ENTRY_POINTS = { serve: "scripts/serve.ts", worker: "scripts/worker.ts" };
const ENTRY_POINTS_DIR = ".next/rekey";

await build({
  entryPoints: ENTRY_POINTS,
  outdir: ENTRY_POINTS_DIR,
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Resolved at run time from node_modules, as under tsx: the same package instances Next's build loads.
  packages: "external",
  // The `@/…` paths resolve through tsconfig.json, as they do for tsx and Next.
  logLevel: "warning",
});
