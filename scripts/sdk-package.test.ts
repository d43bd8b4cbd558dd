/**
 * Issue 17: the SDK as customers get it. `npm pack`, installed into a project with neither TypeScript
 * nor tsx, must import on plain Node and verify a license file this server issued; the same package
 * bundled for a browser must verify that file through WebCrypto in Chromium.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { chromium } from "@playwright/test";
import { build } from "esbuild";
import type { JSONWebKeySet } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/testing/test-database";
import { issueLicenseFile } from "@/lib/licensing";
import { createSigningService, ensureSigningKeys } from "@/lib/signing";
import { fixedNow, keyMaterialPass, makeLicense, makeOrg, orgCtx, systemActor, testSecrets } from "@/testing/factories";
import { installSdk, packSdk } from "./sdk-package";

const run = promisify(execFile);
const NOW = "2026-11-23T12:00:00Z";
const FINGERPRINT = "machine-a";

/** What the customer's code reports, run by `node` in the customer's project with no loader of ours. */
const VERIFY_ON_NODE = `
import { readFile } from "node:fs/promises";
import { verifyLicenseFile } from "@rekey/sdk";
const [file, jwks] = await Promise.all([readFile("license.lic", "utf8"), readFile("jwks.json", "utf8")]);
const options = { fingerprint: process.env.FINGERPRINT, now: () => new Date(process.env.NOW) };
const genuine = await verifyLicenseFile(file, JSON.parse(jwks), options);
const tampered = await verifyLicenseFile(file.slice(0, -4), JSON.parse(jwks), options);
console.log(JSON.stringify({ genuine: { valid: genuine.valid, code: genuine.code, license: genuine.claims?.sub }, tampered: tampered.code }));
`;

// One engine is enough: the package does not touch the database, only the file it verifies does.
describe("the SDK package customers install", () => {
  const database = useTestDatabase();
  let workDir = "";
  let projectDir = "";
  let packedFiles: string[] = [];
  let licenseId = "";
  let licenseFile = "";
  let jwks: JSONWebKeySet;

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), "rekey-sdk-package-"));
    projectDir = path.join(workDir, "customer");
    const packed = await packSdk({
      buildDir: path.join(workDir, "build"),
      destination: path.join(workDir, "tarballs"),
    });
    packedFiles = packed.files;
    await installSdk({ tarball: packed.tarball, projectDir });

    const { db } = database;
    const secrets = testSecrets();
    const now = fixedNow(NOW);
    await ensureSigningKeys({ db, now, actor: systemActor }, { ring: secrets.ring });
    const { org, user } = await makeOrg(db);
    const license = await makeLicense(db, org.id);
    const ctx = orgCtx(db, { orgId: org.id, user, now });
    const signer = createSigningService({ db, ring: secrets.ring });
    licenseId = license.id;
    licenseFile = (
      await issueLicenseFile(
        ctx,
        await keyMaterialPass(ctx, license.id),
        { licenseId: license.id, fingerprint: FINGERPRINT },
        { signer, issuer: "https://portal.example/" },
      )
    ).token;
    jwks = { keys: await signer.publicKeys() };
  }, 120_000);

  afterAll(async () => {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it("ships compiled JavaScript with declarations, not the TypeScript sources or tests", () => {
    expect(packedFiles).toContain("index.js");
    expect(packedFiles).toContain("index.d.ts");
    expect(packedFiles).toContain("runtime-crypto/node.js");
    expect(packedFiles).toContain("runtime-crypto/webcrypto.js");
    expect(
      packedFiles.filter((file) => !/(\.js|\.d\.ts|^package\.json|^README\.md|^CHANGELOG\.md)$/.test(file)),
    ).toEqual([]);
    expect(packedFiles.filter((file) => file.includes("test"))).toEqual([]);
  });

  it("imports as plain ESM on Node without a TypeScript loader and verifies a file the portal issued", async () => {
    await writeFile(path.join(projectDir, "license.lic"), licenseFile);
    await writeFile(path.join(projectDir, "jwks.json"), JSON.stringify(jwks));
    await writeFile(path.join(projectDir, "verify.mjs"), VERIFY_ON_NODE);
    // NODE_OPTIONS could carry the test runner's loaders; the customer's Node has none.
    const { NODE_OPTIONS: _runnerLoaders, ...env } = process.env;

    const { stdout } = await run(process.execPath, ["verify.mjs"], {
      cwd: projectDir,
      env: { ...env, FINGERPRINT, NOW },
    });

    expect(JSON.parse(stdout)).toEqual({
      genuine: { valid: true, code: "VALID", license: licenseId },
      tampered: "INVALID_SIGNATURE",
    });
  });

  it("gives TypeScript customers its declarations under Node's own module resolution", async () => {
    await writeFile(
      path.join(projectDir, "typed.mts"),
      'import { verifyLicenseFile, type LicenseFileCode } from "@rekey/sdk";\nexport const code: LicenseFileCode = (await verifyLicenseFile("", { keys: [] })).code;\n',
    );
    await writeFile(
      path.join(projectDir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          module: "nodenext",
          target: "ES2022",
          lib: ["ES2022", "DOM"],
          types: [],
          strict: true,
          noEmit: true,
        },
        files: ["typed.mts"],
      }),
    );

    const typecheck = run(process.execPath, [path.resolve("node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], {
      cwd: projectDir,
    });

    await expect(typecheck).resolves.toBeDefined();
  });

  it("bundled for a browser, verifies the same file in Chromium through WebCrypto", async () => {
    await writeFile(path.join(projectDir, "browser-entry.mjs"), 'export { verifyLicenseFile } from "@rekey/sdk";\n');
    const bundled = await build({
      entryPoints: [path.join(projectDir, "browser-entry.mjs")],
      absWorkingDir: projectDir,
      bundle: true,
      platform: "browser",
      format: "iife",
      globalName: "RekeySdk",
      write: false,
      logLevel: "silent",
    });
    const bundle = bundled.outputFiles[0]!.text;
    expect(bundle).not.toContain("node:crypto");

    const browser = await chromium.launch({ executablePath: "/usr/bin/chromium-headless-shell" });
    try {
      const page = await browser.newPage();
      // A localhost origin is a secure context, where browsers expose crypto.subtle.
      await page.route("http://localhost/", (route) =>
        route.fulfill({ contentType: "text/html", body: "<!doctype html><title>customer app</title>" }),
      );
      await page.goto("http://localhost/");
      await page.addScriptTag({ content: bundle });

      const verdicts = await page.evaluate(
        async ({ file, keySet, fingerprint, now }) => {
          const sdk = (globalThis as unknown as { RekeySdk: typeof import("@rekey/sdk") }).RekeySdk;
          const options = { fingerprint, now: () => new Date(now) };
          const [genuine, tampered] = [
            await sdk.verifyLicenseFile(file, keySet, options),
            await sdk.verifyLicenseFile(file.slice(0, -4), keySet, options),
          ];
          return {
            genuine: { valid: genuine.valid, code: genuine.code },
            tampered: tampered.code,
            hasNodeCrypto: "process" in globalThis,
          };
        },
        { file: licenseFile, keySet: jwks, fingerprint: FINGERPRINT, now: NOW },
      );

      expect(verdicts).toEqual({
        genuine: { valid: true, code: "VALID" },
        tampered: "INVALID_SIGNATURE",
        hasNodeCrypto: false,
      });
    } finally {
      await browser.close();
    }
  });

  it("installs the rekey command, which runs on plain Node and exits with its documented codes", async () => {
    const { NODE_OPTIONS: _runnerLoaders, REKEY_TOKEN: _token, ...env } = process.env;
    const rekey = path.join(projectDir, "node_modules/.bin/rekey");

    const help = await run(rekey, ["--help"], { cwd: projectDir, env });
    const unconfigured = run(rekey, ["licenses"], {
      cwd: projectDir,
      env: { ...env, REKEY_URL: "https://portal.example" },
    });

    expect(help.stdout).toContain("key pull <license>");
    await expect(unconfigured).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("Set REKEY_TOKEN") });
  });

  it("keeps the source manifest private, so only the built package can be published", async () => {
    const source = JSON.parse(await readFile("packages/sdk/package.json", "utf8")) as { private?: boolean };
    const published = JSON.parse(
      await readFile(path.join(projectDir, "node_modules/@rekey/sdk/package.json"), "utf8"),
    ) as Record<string, unknown>;

    expect(source.private).toBe(true);
    expect(published).not.toHaveProperty("private");
    expect(published.exports).toEqual({ ".": { types: "./index.d.ts", import: "./index.js", default: "./index.js" } });
  });
});
