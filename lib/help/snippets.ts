import { readFile } from "node:fs/promises";
import path from "node:path";

/**
 * The integration snippets on the help page. Each is a file under docs/snippets that the e2e suite
 * runs against a live server (e2e/help-snippets.spec.ts), so what customers copy is what passed; the
 * SDK snippet runs with plain `node` in a project where the packed SDK is installed, as customers run it.
 */
export const HELP_SNIPPETS = [
  {
    id: "curl",
    title: "curl: validate a key online",
    language: "sh",
    file: "docs/snippets/validate-key.sh",
    run: "REKEY_URL=… REKEY_LICENSE_KEY=… sh validate-key.sh",
  },
  {
    id: "node",
    title: "Node.js SDK: validate online, verify the license file offline",
    language: "js",
    file: "docs/snippets/verify-license-file.mjs",
    run: "npm install @rekey/sdk && REKEY_URL=… REKEY_LICENSE_KEY=… REKEY_LICENSE_FILE=license.lic node verify-license-file.mjs",
  },
  {
    id: "python",
    title: "Python (PyJWT): verify the license file with the JWKS",
    language: "python",
    file: "docs/snippets/verify_license_file.py",
    run: "REKEY_URL=… REKEY_LICENSE_FILE=license.lic python3 verify_license_file.py",
  },
  // Run on a real export by lib/audit/verifiable-export.test.ts rather than against the live server.
  {
    id: "audit-export",
    title: "Node.js: verify your organization's audit export offline",
    language: "js",
    file: "docs/snippets/verify-audit-export.mjs",
    run: "curl -o jwks.json $REKEY_URL/.well-known/jwks.json && node verify-audit-export.mjs rekey-audit-export.json jwks.json",
  },
  // Run on a metered license of its own by e2e/usage-quotas.spec.ts.
  {
    id: "usage",
    title: "curl: record metered usage against a quota",
    language: "sh",
    file: "docs/snippets/record-usage.sh",
    run: "REKEY_URL=… REKEY_LICENSE_KEY=… REKEY_METER=exports REKEY_RECORD_ID=$(uuidgen) sh record-usage.sh",
  },
] as const;

export type HelpSnippet = (typeof HELP_SNIPPETS)[number] & { source: string };

/** Read from docs/snippets by name: a path the build can see is that folder, so it traces only it, not the whole project. */
export async function loadHelpSnippets(): Promise<HelpSnippet[]> {
  return Promise.all(
    HELP_SNIPPETS.map(async (snippet) => ({
      ...snippet,
      source: await readFile(path.join(process.cwd(), "docs", "snippets", path.basename(snippet.file)), "utf8"),
    })),
  );
}
