/**
 * The SDK as customers install it (issue 17): packages/sdk/src compiled to plain ESM JavaScript and
 * declarations, under a published package.json whose `exports` and `#runtime-crypto` point at those
 * files, packed by `npm pack`. In the repository the app, tests and tsx keep reading the sources
 * through packages/sdk/package.json; only the package built here leaves it.
 */
import { execFile } from "node:child_process";
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SDK_DIR = path.join(ROOT, "packages/sdk");

type ConditionMap = Record<string, string>;
interface SourceManifest {
  name: string;
  version: string;
  description: string;
  exports: Record<string, string>;
  imports: Record<string, ConditionMap>;
  /** Commands the package installs (`rekey`), as source files like `exports`. */
  bin: Record<string, string>;
  dependencies: Record<string, string>;
  [field: string]: unknown;
}

/** `./src/runtime-crypto/node.ts` → `./runtime-crypto/node` (the built file, without its extension). */
function builtPath(sourcePath: string): string {
  const match = /^\.\/src\/(.+)\.ts$/.exec(sourcePath);
  if (!match) throw new Error(`packages/sdk/package.json points at ${sourcePath}, not a source file under ./src`);
  return `./${match[1]}`;
}

/**
 * The published manifest: the source one with every path moved to the built files, `types` first
 * in each export (TypeScript reads the first condition that matches), `bin` pointing at the built
 * command (tsc keeps its `#!` line), and `private` dropped.
 */
export function publishedManifest(source: SourceManifest): Record<string, unknown> {
  const { private: _private, exports, imports, bin, ...fields } = source;
  return {
    ...fields,
    bin: Object.fromEntries(Object.entries(bin).map(([command, target]) => [command, `${builtPath(target)}.js`])),
    engines: { node: ">=20" },
    exports: Object.fromEntries(
      Object.entries(exports).map(([subpath, target]) => [
        subpath,
        { types: `${builtPath(target)}.d.ts`, import: `${builtPath(target)}.js`, default: `${builtPath(target)}.js` },
      ]),
    ),
    imports: Object.fromEntries(
      Object.entries(imports).map(([specifier, conditions]) => [
        specifier,
        Object.fromEntries(
          Object.entries(conditions).map(([condition, target]) => [condition, `${builtPath(target)}.js`]),
        ),
      ]),
    ),
  };
}

/**
 * tsc rewrites ".ts" specifiers to ".js" in the JavaScript it emits but leaves them in declarations;
 * TypeScript releases before 5.7 (and any checker without allowImportingTsExtensions) expect ".js"
 * there too, the file that exists beside each ".d.ts".
 */
async function rewriteDeclarationImports(outDir: string): Promise<void> {
  const declarations = (await readdir(outDir, { recursive: true })).filter((file) => file.endsWith(".d.ts"));
  for (const file of declarations) {
    const text = await readFile(path.join(outDir, file), "utf8");
    await writeFile(path.join(outDir, file), text.replace(/(["'])(\.\.?\/[^"']+)\.ts\1/g, "$1$2.js$1"));
  }
}

/** Compiles the SDK into `outDir` as a complete package directory (package.json, README, CHANGELOG). */
export async function buildSdkPackage(outDir: string): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  await run(
    process.execPath,
    [
      path.join(ROOT, "node_modules/typescript/bin/tsc"),
      "-p",
      path.join(SDK_DIR, "tsconfig.build.json"),
      "--outDir",
      outDir,
    ],
    { cwd: ROOT },
  );
  await rewriteDeclarationImports(outDir);
  const source = JSON.parse(await readFile(path.join(SDK_DIR, "package.json"), "utf8")) as SourceManifest;
  await writeFile(path.join(outDir, "package.json"), `${JSON.stringify(publishedManifest(source), null, 2)}\n`);
  for (const document of ["README.md", "CHANGELOG.md"])
    await copyFile(path.join(SDK_DIR, document), path.join(outDir, document));
}

/** Builds the SDK into `buildDir` and packs it into `destination`; resolves to the tarball's path and its files. */
export async function packSdk({
  buildDir,
  destination,
}: {
  buildDir: string;
  destination: string;
}): Promise<{ tarball: string; files: string[] }> {
  await buildSdkPackage(buildDir);
  await mkdir(destination, { recursive: true });
  const { stdout } = await run("npm", ["pack", buildDir, "--json", "--pack-destination", destination], {
    cwd: destination,
  });
  const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  return { tarball: path.join(destination, packed!.filename), files: packed!.files.map((file) => file.path) };
}

/**
 * A fresh project (no TypeScript, no tsx) with the packed SDK installed, as a customer's would be.
 * Installs without the network: the SDK's one dependency, jose, is packed from this repository's
 * node_modules (the version the lockfile pins; `npm ci` on a fresh machine puts it there but not
 * necessarily in the npm cache that `--offline` reads).
 */
export async function installSdk({ tarball, projectDir }: { tarball: string; projectDir: string }): Promise<void> {
  await mkdir(projectDir, { recursive: true });
  await writeFile(
    path.join(projectDir, "package.json"),
    `${JSON.stringify({ name: "sdk-customer", private: true, type: "module" }, null, 2)}\n`,
  );
  const { stdout } = await run(
    "npm",
    ["pack", path.join(ROOT, "node_modules/jose"), "--json", "--pack-destination", path.dirname(tarball)],
    { cwd: projectDir },
  );
  const [jose] = JSON.parse(stdout) as { filename: string }[];
  await run(
    "npm",
    [
      "install",
      "--offline",
      "--no-audit",
      "--no-fund",
      "--ignore-scripts",
      tarball,
      path.join(path.dirname(tarball), jose!.filename),
    ],
    { cwd: projectDir },
  );
}
