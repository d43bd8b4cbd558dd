/**
 * The help page's Python snippet (docs/snippets/verify_license_file.py) against a portal that
 * reserves a key for each edition. e2e/help-snippets.spec.ts runs it against the live portal with a
 * genuine file; here it meets a cross-edition forgery, which only a JWKS with scoped keys can show.
 */
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HELP_SNIPPETS } from "./snippets";
import { scratchDir } from "@/testing/scratch-dir";

const PYTHON = "/usr/bin/python3";
const SNIPPET = HELP_SNIPPETS.find((snippet) => snippet.id === "python")!.file;

async function makeEditionKey(edition: string) {
  const { publicKey, privateKey } = await generateKeyPair("EdDSA");
  const kid = `eddsa-${edition}`;
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: "EdDSA", use: "sig" };
  return { kid, privateKey, publicJwk: { ...publicJwk, rekey_scope: { product: "studio", edition } } };
}

describe("the help page's Python snippet with edition-scoped keys", () => {
  let portal: Server;
  let portalUrl: string;
  let keys: Awaited<ReturnType<typeof makeEditionKey>>[];

  beforeAll(async () => {
    keys = [await makeEditionKey("pro"), await makeEditionKey("basic")];
    portal = createServer((_request, response) => {
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ keys: keys.map((key) => key.publicJwk) }));
    });
    await new Promise<void>((resolve) => portal.listen(0, "127.0.0.1", resolve));
    portalUrl = `http://127.0.0.1:${(portal.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => portal.close(() => resolve())));

  /** Runs the snippet on a "pro" license file signed with `signingKey`. */
  async function runSnippetOnProFile(signingKey: (typeof keys)[number]) {
    const now = Math.floor(Date.now() / 1000);
    const file = await new SignJWT({ ver: 2, edition: "pro", seats: 5, trial: false, entitlements: [] })
      .setProtectedHeader({ alg: "EdDSA", kid: signingKey.kid, typ: "JWT" })
      .setIssuer(`${portalUrl}/`)
      .setSubject("00000000-0000-4000-8000-000000000001")
      .setAudience("studio")
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(signingKey.privateKey);
    const licenseFile = path.join(scratchDir("python-snippet-"), "license.lic");
    writeFileSync(licenseFile, file);
    return new Promise<{ exitCode: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        PYTHON,
        [SNIPPET],
        { env: { ...process.env, REKEY_URL: portalUrl, REKEY_LICENSE_FILE: licenseFile, REKEY_PRODUCT: "studio" } },
        (error, stdout, stderr) => resolve({ exitCode: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  it("accepts a file signed with its own edition's key", async () => {
    const run = await runSnippetOnProFile(keys[0]!);

    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ edition: "pro", valid: true });
  });

  it("refuses a file for one edition signed with another edition's key", async () => {
    const run = await runSnippetOnProFile(keys[1]!);

    expect(run.exitCode).not.toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("another product's or edition's key");
  });
});
