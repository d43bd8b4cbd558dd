/**
 * Issue 23: the layering in docs/ARCHITECTURE.md is written as import rules in biome.jsonc, and they
 * hold. The tree passes `biome ci` (lint, format and the rules), and each rule is shown to bite: a
 * file that breaks it, planted in a scratch copy of the layout, fails the check with the rule's
 * message, while the imports the layering allows pass.
 */
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "..");
const BIOME = path.join(ROOT, "node_modules", ".bin", "biome");

async function biome(cwd: string, args: string[]): Promise<{ exitCode: number; output: string }> {
  try {
    const { stdout, stderr } = await run(BIOME, args, { cwd, maxBuffer: 16 * 1024 * 1024 });
    return { exitCode: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { exitCode: failed.code ?? 1, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

describe("the repository's lint, format and layering rules", () => {
  it("hold for the whole tree (`biome ci`: 0 errors)", async () => {
    const { exitCode, output } = await biome(ROOT, ["ci", "--max-diagnostics=20", "."]);
    expect(output.includes("error") ? output : "", "biome ci found problems").toBe("");
    expect(exitCode).toBe(0);
  }, 120_000);
});

describe("each layering rule fails on a planted violation", () => {
  let scratch = "";
  beforeAll(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), "rekey-layering-"));
    await copyFile(path.join(ROOT, "biome.jsonc"), path.join(scratch, "biome.jsonc"));
  });
  afterAll(() => rm(scratch, { recursive: true, force: true }));

  async function lintPlanted(file: string, specifier: string) {
    await mkdir(path.join(scratch, path.dirname(file)), { recursive: true });
    await writeFile(
      path.join(scratch, file),
      `import { planted } from "${specifier}";\n\nexport const used = planted;\n`,
    );
    return biome(scratch, ["lint", "--vcs-enabled=false", file]);
  }

  it.each([
    ["lib/signing/planted.ts", "@/lib/licensing", "lib/signing is a leaf"],
    ["lib/signing/planted.ts", "@/lib/auth/require-admin", "lib/signing is a leaf"],
    ["lib/db/planted.ts", "@/lib/audit", "lib/db knows no domain"],
    ["lib/audit/planted.ts", "@/lib/signing", "lib/audit sits under every domain"],
    ["lib/licensing/planted.ts", "@/testing/factories", "Test helpers are for tests and scripts"],
    ["lib/db/planted.ts", "next/headers", "lib/ knows no framework"],
    ["lib/audit/planted.ts", "@/components/ui/card", "lib/ is plain TypeScript under app/ and components/"],
    ["lib/signing/planted.ts", "@/testing/factories", "Test helpers are for tests and scripts"],
    ["lib/licensing/planted.ts", "next/headers", "lib/ knows no framework"],
    ["lib/licensing/planted.ts", "@/components/ui/card", "lib/ is plain TypeScript under app/ and components/"],
    ["lib/licensing/planted.ts", "@/packages/sdk/src/license-claims", "public entry, @rekey/sdk"],
    ["components/portal/planted.tsx", "@/app/(auth)/signout/actions", "components/ are used by app/"],
    ["app/admin/planted.ts", "@/testing/factories", "Test helpers are for tests and scripts"],
  ])("%s importing %s", async (file, specifier, message) => {
    const { exitCode, output } = await lintPlanted(file, specifier);
    expect(exitCode).not.toBe(0);
    expect(output).toContain("noRestrictedImports");
    expect(output).toContain(message);
  });

  it.each([
    ["lib/db/planted.ts", "@/lib/db/schema"],
    ["lib/signing/planted.ts", "@/lib/audit"],
    ["lib/licensing/planted.ts", "@/lib/signing"],
    ["lib/licensing/planted.ts", "@rekey/sdk"],
    ["lib/licensing/planted.test.ts", "@/testing/factories"],
    ["app/admin/planted.ts", "@/lib/licensing"],
  ])("allows %s importing %s", async (file, specifier) => {
    const { exitCode, output } = await lintPlanted(file, specifier);
    expect(output).not.toContain("noRestrictedImports");
    expect(exitCode).toBe(0);
  });
});

/**
 * The domain folders of docs/ARCHITECTURE.md (use cases, the signing leaf and the audit trail). One
 * domain reaches another only through that folder's `index.ts`, so what a domain offers is one
 * list and its other files stay free to move. Biome cannot say this: `noRestrictedImports` knows
 * no importer's folder and `noPrivateImports` exempts the `@/` alias, so this scan is the rule.
 */
const DOMAINS = [
  "api-tokens",
  "approvals",
  "audit",
  "billing",
  "catalog",
  "devices",
  "health",
  "identity",
  "jobs",
  "key-governance",
  "licensing",
  "mfa",
  "notify",
  "orgs",
  "releases",
  "rotation",
  "signing",
  "status",
];
const DEEP_IMPORT = /(?:from\s+|import\(\s*)"@\/lib\/([a-z-]+)\/[^"]+"/g;

function filesUnder(root: string, dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(root, relative);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [relative] : [];
  });
}

/** `file: specifier` for every import from one domain into another domain's files. */
function deepCrossDomainImports(root: string): string[] {
  return DOMAINS.flatMap((domain) =>
    filesUnder(root, `lib/${domain}`).flatMap((file) =>
      [...readFileSync(path.join(root, file), "utf8").matchAll(DEEP_IMPORT)]
        .filter(([, target]) => target !== domain && DOMAINS.includes(target!))
        .map(([specifier]) => `${file}: ${specifier}`),
    ),
  );
}

describe("a domain reaches another only through its index.ts", () => {
  it("holds for the tree", () => {
    expect(deepCrossDomainImports(ROOT)).toEqual([]);
  });

  it("fails on a planted deep import, and allows the index and the domain's own files", async () => {
    const scratch = await mkdtemp(path.join(tmpdir(), "rekey-domains-"));
    try {
      for (const domain of DOMAINS) await mkdir(path.join(scratch, "lib", domain), { recursive: true });
      const plant = (file: string, specifier: string) =>
        writeFile(path.join(scratch, file), `import { planted } from "${specifier}";\nexport const used = planted;\n`);
      await plant("lib/rotation/deep.ts", "@/lib/licensing/lock-license");
      await plant("lib/rotation/index-import.ts", "@/lib/licensing");
      await plant("lib/rotation/own.ts", "@/lib/rotation/rotation-transitions");
      await plant("lib/rotation/kernel.ts", "@/lib/db/schema");
      await writeFile(
        path.join(scratch, "lib/devices/lazy.ts"),
        `export const load = () => import("@/lib/orgs/require-owner");\n`,
      );
      expect(deepCrossDomainImports(scratch)).toEqual([
        'lib/devices/lazy.ts: import("@/lib/orgs/require-owner"',
        'lib/rotation/deep.ts: from "@/lib/licensing/lock-license"',
      ]);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });
});
