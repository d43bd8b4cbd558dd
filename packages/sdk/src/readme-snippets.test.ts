/**
 * Issue 17: what customers copy from the SDK's README is what passed. Every TypeScript snippet is
 * type-checked against the SDK's public entry (so a renamed export, option or result field breaks
 * here, not in a customer's build), the headline snippet (online validation with the offline
 * fallback) runs against a scripted portal on both of its paths, and every `rekey` command line
 * shown is one the CLI accepts.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createFakePortal,
  makeJwks,
  makeLicenseClaims,
  makeSigningKey,
  makeVerdict,
  type SigningKey,
  signLicenseFile,
  signValidationToken,
} from "../testing/factories.ts";
import { parseCliArgs } from "./cli/parse-cli-args.ts";

const run = promisify(execFile);
const sdkDir = fileURLToPath(new URL("..", import.meta.url));
const repoRoot = path.resolve(sdkDir, "../..");
const readme = await readFile(path.join(sdkDir, "README.md"), "utf8");

const codeBlocks = (language: string) =>
  [...readme.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)]
    .filter((match) => match[1] === language)
    .map((match) => match[2]!);

/**
 * What the snippets take as given (the customer's own values and functions), declared with the
 * SDK's types wherever the SDK receives them, so a snippet passing the wrong thing fails to compile.
 */
const GIVENS = `
type Sdk = typeof import("@rekey/sdk");
declare const baseUrl: string;
declare const jwks: ReturnType<Sdk["createJwksCache"]>;
declare const bundledJwks: Parameters<Sdk["verifyLicenseFile"]>[1];
declare const licenseKey: string, storedKey: string, key: string, licenseId: string, fingerprint: string, hostname: string;
declare const licenseFile: string, saved: string, receiptFile: string;
declare const lastSeenTime: import("@rekey/sdk").LastSeenTimeStorage;
declare const revocationStore: import("@rekey/sdk").RevocationSyncStorage;
declare const leaseFile: import("@rekey/sdk").LeaseStorage;
declare const render: NonNullable<import("@rekey/sdk").HeartbeatLoopOptions["onChange"]>;
declare const log: { warn(message: string): void };
declare const os: { hostname(): string };
declare function applyVerdict(valid: boolean, detail: string, entitlements: readonly string[] | undefined): void;
declare function save(...args: unknown[]): Promise<void>;
declare function remove(file: string): Promise<void>;
declare function replaceStoredKey(key: string): Promise<void>;
declare function retryLater(afterSeconds: number | null | undefined): void;
declare function showNotice(text: string): void;
declare function showMessage(text: string): void;
declare function showBanner(text: string): void;
declare function showAllSeatsInUse(): void;
declare function lockApp(text: string): void;
declare function askForANewKey(): void;
`;

describe("the SDK README's snippets", () => {
  const typeScriptSnippets = codeBlocks("ts");
  let workDir = "";

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), "rekey-readme-snippets-"));
  });
  afterAll(async () => {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it("has the integrations the README promises, each as a TypeScript snippet", () => {
    expect(typeScriptSnippets.length).toBeGreaterThanOrEqual(6);
  });

  it("type-checks every TypeScript snippet against the SDK's public entry", async () => {
    const files = typeScriptSnippets.map((_, index) => `snippet-${index + 1}.ts`);
    await Promise.all(typeScriptSnippets.map((source, index) => writeFile(path.join(workDir, files[index]!), source)));
    await writeFile(path.join(workDir, "givens.d.ts"), GIVENS);
    await writeFile(
      path.join(workDir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "preserve",
          moduleResolution: "bundler",
          lib: ["ES2022", "DOM"],
          types: ["node"],
          typeRoots: [path.join(repoRoot, "node_modules/@types")],
          strict: true,
          noEmit: true,
          allowImportingTsExtensions: true,
          skipLibCheck: true,
          paths: { "@rekey/sdk": [path.join(sdkDir, "src/index.ts")] },
        },
        files: ["givens.d.ts", ...files],
      }),
    );
    const typecheck = run(process.execPath, [path.join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", "."], {
      cwd: workDir,
    }).catch((error: { stdout: string }) => {
      throw new Error(`README snippets do not type-check:\n${error.stdout}`);
    });
    await expect(typecheck).resolves.toBeDefined();
  }, 120_000);

  describe("the first snippet (online validation, falling back to the license file)", () => {
    let signingKey: SigningKey;
    let snippetModule = "";
    const givenNames = ["licenseKey", "fingerprint", "licenseFile", "lastSeenTime", "applyVerdict"] as const;
    const realFetch = globalThis.fetch;

    beforeAll(async () => {
      signingKey = await makeSigningKey();
      // Bundled as a customer's bundler would, with the SDK's sources standing in for the package.
      const bundled = await build({
        stdin: { contents: typeScriptSnippets[0]!, loader: "ts", resolveDir: workDir },
        alias: { "@rekey/sdk": path.join(sdkDir, "src/index.ts") },
        bundle: true,
        platform: "node",
        format: "esm",
        write: false,
        logLevel: "silent",
      });
      snippetModule = path.join(workDir, "first-snippet.mjs");
      await writeFile(snippetModule, bundled.outputFiles[0]!.text);
    });
    afterEach(() => {
      globalThis.fetch = realFetch;
      for (const name of givenNames) Reflect.deleteProperty(globalThis, name);
    });

    /** Runs the snippet once with the customer's givens as globals; returns what it decided. */
    async function runSnippet(validate: (nonce: string | null) => Promise<Response>) {
      const verdicts: unknown[][] = [];
      const nowSeconds = Math.floor(Date.now() / 1000);
      const portal = createFakePortal({
        jwks: () => makeJwks(signingKey),
        validate: (body) => validate(body.nonce ?? null),
      });
      let lastSeen: number | null = null;
      Object.assign(globalThis, {
        fetch: portal.fetch,
        licenseKey: "RK-7F3Q-0000-0000-0000-0",
        fingerprint: "machine-readme",
        licenseFile: await signLicenseFile(
          signingKey,
          // Valid now, whatever the date the suite runs.
          makeLicenseClaims({ iat: nowSeconds, nbf: nowSeconds, exp: nowSeconds + 86_400 }),
        ),
        lastSeenTime: { get: async () => lastSeen, set: async (ms: number) => void (lastSeen = ms) },
        applyVerdict: (...args: unknown[]) => verdicts.push(args),
      });
      // A fresh URL per run: the module runs its top level again.
      await import(`${pathToFileURL(snippetModule).href}?run=${crypto.randomUUID()}`);
      return { verdicts, portal };
    }

    it("applies the portal's signed verdict when the portal answers", async () => {
      const { verdicts } = await runSnippet(async (nonce) => {
        const at = new Date().toISOString();
        const verdict = makeVerdict({ meta: { nonce, ts: at } });
        return Response.json({ ...verdict, token: await signValidationToken(signingKey, verdict, at) });
      });
      expect(verdicts).toEqual([[true, "The license is valid.", ["export", "sync"]]]);
    });

    it("falls back to the license file when the portal cannot be reached", async () => {
      const { verdicts } = await runSnippet(() => Promise.reject(new TypeError("fetch failed")));
      expect(verdicts).toEqual([[true, expect.any(String), ["export", "sync"]]]);
    });
  });

  it("shows only rekey command lines the CLI accepts", () => {
    const license = "0b6f7c1e-3a52-4d1b-9c7e-2f8a1d3e5b60";
    const commandLines = codeBlocks("sh")
      .flatMap((block) => block.split("\n"))
      .map((line) => line.replace(/\s+#.*$/, "").trim())
      .filter((line) => line.startsWith("rekey "));
    expect(commandLines.length).toBeGreaterThanOrEqual(8);
    for (const line of commandLines) {
      const words = line
        .replaceAll("<license>", license)
        .replaceAll('"$LICENSE"', license)
        .replace(/\s*>.*$/, "")
        // Optional parts are shown in brackets: they must be accepted too.
        .replaceAll(/[[\]]/g, "")
        .replaceAll("MINUTES", "60")
        .split(/\s+/)
        .slice(1);
      expect(() => parseCliArgs(words), line).not.toThrow();
    }
  });
});
