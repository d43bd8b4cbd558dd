import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * DESIGN.md §4: every outgoing request goes through the one SSRF guard (lib/net). This fails when
 * server code in lib/, app/ or the root entry files (proxy, instrumentation) reaches the network
 * another way, so a new integration (IdP discovery, a vendor API) cannot quietly skip the check.
 * Vendor SDKs with a fixed endpoint (resend → api.resend.com) are not customer-chosen URLs. Tests
 * are out of scope (they call their own local servers), and so is packages/ (the SDK runs on
 * customers' machines and calls the portal the customer configured).
 */
const OUTGOING_REQUEST_PATTERNS: { what: string; pattern: RegExp }[] = [
  { what: "fetch()", pattern: /(?<![\w.])fetch\s*\(|globalThis\.fetch|\.fetch\s*\(/ },
  {
    what: "node:http / node:https",
    pattern: /^import(?!\s+type\b)[^;]*from\s+["'](node:)?https?["']|require\(\s*["'](node:)?https?["']\s*\)/m,
  },
  {
    what: "node:net / node:tls sockets",
    pattern:
      /\b(net|tls)\.connect\s*\(|\bcreateConnection\s*\(|^import(?!\s+type\b)[^;]*\b(connect|createConnection|Socket)\b[^;]*from\s+["'](node:)?(net|tls)["']/m,
  },
  { what: "an HTTP client library", pattern: /from\s+["'](undici|axios|got|node-fetch|ky)["']/ },
];

/** Files that match a pattern without making a request, each with the reason. */
const ALLOWED: Record<string, string> = {
  "lib/net/send-request.ts": "the guard itself: connects to the address it checked",
};

const ROOTS = ["lib", "app"];
/** Server code outside those folders that runs in every app process. */
const ROOT_FILES = ["proxy.ts", "instrumentation.ts", "instrumentation-node.ts"];
const projectDir = path.resolve(__dirname, "../..");

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(projectDir, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(relative);
    return /\.(ts|tsx|mts|js|mjs)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [relative] : [];
  });
}

describe("outgoing requests", () => {
  it("go through the SSRF guard in lib/net: no other fetch, node:http(s) request or socket in lib/ or app/", () => {
    const offenders = [...ROOTS.flatMap(sourceFiles), ...ROOT_FILES]
      .filter((file) => !(file in ALLOWED))
      .flatMap((file) => {
        const source = readFileSync(path.join(projectDir, file), "utf8");
        return OUTGOING_REQUEST_PATTERNS.filter(({ pattern }) => pattern.test(source)).map(
          ({ what }) => `${file}: ${what}`,
        );
      });
    expect(offenders).toEqual([]);
  });

  it("keeps no exception a file no longer needs", () => {
    const unneeded = Object.keys(ALLOWED).filter(
      (file) =>
        !OUTGOING_REQUEST_PATTERNS.some(({ pattern }) =>
          pattern.test(readFileSync(path.join(projectDir, file), "utf8")),
        ),
    );
    expect(unneeded).toEqual([]);
  });

  it("recognises a direct request when it sees one", () => {
    const samples = [
      'await fetch(url, { method: "POST" })',
      'import { request } from "node:https";',
      "const socket = net.connect(443, host);",
      'import { request } from "undici";',
    ];
    for (const sample of samples)
      expect(
        OUTGOING_REQUEST_PATTERNS.some(({ pattern }) => pattern.test(sample)),
        sample,
      ).toBe(true);
    expect(
      OUTGOING_REQUEST_PATTERNS.some(({ pattern }) =>
        pattern.test('import type { IncomingMessage } from "node:http";\nimport { isIPv4 } from "node:net";'),
      ),
    ).toBe(false);
  });
});
