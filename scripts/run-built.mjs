/**
 * `npm start` (`run-built.mjs serve`) and `npm run worker` (`run-built.mjs worker`): runs the bundle
 * `npm run build` made of scripts/<name>.ts (scripts/build-entry-points.mjs) in this process, with
 * the arguments that follow the name, or says which command is missing when there is no build.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [name] = process.argv.splice(2, 1);
const bundle = path.resolve(".next", "rekey", `${name}.mjs`);
if (!existsSync(bundle)) {
  console.error(`No production build of ${name} (${path.relative(".", bundle)}): run \`npm run build\` first.`);
  process.exit(1);
}
await import(pathToFileURL(bundle).href);
