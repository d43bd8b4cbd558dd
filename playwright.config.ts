import { defineConfig } from "@playwright/test";
import { e2eBaseUrl } from "./e2e/base-url";

// E2E runs against a production build (`next build` first; scripts/test.mjs does it)
// served by scripts/e2e-server.mjs (port 3100 unless E2E_PORT) with a fresh temp data dir.
// Always use `localhost` (not 127.0.0.1): cookies are host-scoped.

/**
 * Two lanes of spec files run side by side, one file at a time in each (issue 23). The specs sign in
 * as the demo people and change the demo data, so a file whose tests change what another file
 * asserts must share its lane. The `acme` lane holds every file that changes Acme Robotics'
 * licenses, keys, devices (python-client.spec.ts activates two), rotations or key policy, signs in as bob (whose second factor
 * customer-mfa sets up and resets), or publishes signing keys (keys.spec.ts asserts the JWKS holds
 * EdDSA keys only, admin-ops.spec.ts adds an ES256 one for a while). Everything else — Globex and
 * staff flows, new customers made on the spot, read-only sweeps — is the `rest` lane. A new spec
 * that changes Acme's data, bob or the JWKS belongs in ACME_LANE. security.spec.ts changes nothing
 * the others read; it sits in the acme lane only to even out the lanes' lengths (measured: 26 vs 36
 * busy minutes without it on a loaded machine, the accessibility sweep being the largest file).
 */
const ACME_LANE = [
  "admin-ops",
  "customer-mfa",
  "devices",
  "email-links",
  "forged-host",
  "help-snippets",
  "keys",
  "python-client",
  "rotation",
  "security",
].map((name) => `${name}.spec.ts`);
/** Load runs last on an otherwise idle server: its figures are the server's, and no other spec's short waits compete with 50 connections. */
const ALONE_AT_THE_END = ["load.spec.ts"];

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  use: {
    baseURL: e2eBaseUrl,
    headless: true,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: "node scripts/e2e-server.mjs",
    url: `${e2eBaseUrl}/api/health`,
    reuseExistingServer: false,
    // Includes the operator commands the server script runs first (db:seed, staff:grant) on a shared machine.
    timeout: 300_000,
  },
  projects: [
    { name: "setup", testMatch: /.*\.setup\.ts/ },
    { name: "acme", dependencies: ["setup"], testMatch: ACME_LANE, workers: 1 },
    {
      name: "rest",
      dependencies: ["setup"],
      testIgnore: [...ACME_LANE, ...ALONE_AT_THE_END, /page-sweep\.spec\.ts/],
      workers: 1,
    },
    // Issue 16: every page again in a browser whose zone is not the server's (hydration must not
    // depend on it), and on a 390 px phone in a half-hour zone, where axe runs a second time too.
    // Both only read, so they run beside the lanes.
    {
      name: "sweep-new-york",
      dependencies: ["setup"],
      testMatch: /page-sweep\.spec\.ts/,
      use: { timezoneId: "America/New_York" },
    },
    {
      name: "phone-kolkata",
      dependencies: ["setup"],
      testMatch: /(page-sweep|accessibility)\.spec\.ts/,
      grep: /renders without errors|axe finds no serious/,
      use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, timezoneId: "Asia/Kolkata" },
    },
    { name: "alone", dependencies: ["acme", "rest", "sweep-new-york", "phone-kolkata"], testMatch: ALONE_AT_THE_END },
  ],
});
