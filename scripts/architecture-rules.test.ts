/**
 * Issue 23: the layering in docs/ARCHITECTURE.md is written as import rules in biome.jsonc, and they
 * hold. The tree passes `biome ci` (lint, format and the rules), and each rule is shown to bite: a
 * file that breaks it, planted in a scratch copy of the layout, fails the check with the rule's
 * message, while the imports the layering allows pass.
 */
import { execFile } from "node:child_process";
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
    ["app/admin/planted.tsx", "next/link", "Link from @/components/ui/link"],
    ["components/portal/planted.tsx", "next/link", "Link from @/components/ui/link"],
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
