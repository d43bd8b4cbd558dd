import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The rules that keep the Playwright suite parallel and fast (e2e/README.md, issue 23), checked on
 * the spec sources so a new spec learns them here rather than from a slow or flaky run.
 */
const E2E_DIR = path.join(process.cwd(), "e2e");
const specs = readdirSync(E2E_DIR)
  .filter((name) => name.endsWith(".spec.ts"))
  .map((name) => ({ name, source: readFileSync(path.join(E2E_DIR, name), "utf8") }));

/** Signing in as, or reading the data of, a demo customer (Acme's alice and bob, Globex's grace). */
const DEMO_CUSTOMER =
  /authFile\("(alice|grace|bob)"\)|USERS\.(alice|grace|bob)\b|globexLicenseFile|"(alice|grace|bob)"/;

/** Specs written against the demo data before issue 23, with why each may keep using it. */
const USES_DEMO_CUSTOMERS: Record<string, string> = {
  "accessibility.spec.ts": "the keyboard rotation changes Globex's Atlas Server only, which nothing else asserts",
  "devices.spec.ts": "in the acme chain (playwright.config.ts): Studio Professional's seeded devices",
  "email-links.spec.ts": "in the acme chain: the seeded Atlas rotation notice",
  "rotation.spec.ts": "in the acme chain: Studio Professional's rotation, the seeded Atlas notice",
  "health.spec.ts": "answers the seeded Pulse Agent feedback prompt, which only this spec reads",
  "keys.spec.ts": "reads a Globex license id for the cross-organization 404",
  "load.spec.ts": "reads the portal's pages as alice, alone at the end",
  "notifications.spec.ts": "adds a channel to Acme, which no other spec counts",
  "portal.spec.ts": "reads Acme's licenses; invites and removes a member it names itself",
  "security.spec.ts": "signs alice and grace in, changing nothing of theirs",
  "support.spec.ts": "reissues Globex's Studio key, which only this spec asserts",
};

describe("e2e specs", () => {
  it("make their own customers instead of using the demo ones, except the listed ones", () => {
    const unlisted = specs
      .filter(({ name, source }) => DEMO_CUSTOMER.test(source) && !USES_DEMO_CUSTOMERS[name])
      .map(({ name }) => `${name}: provision a customer with e2e/customers.ts (see e2e/README.md)`);
    expect(unlisted).toEqual([]);
  });

  it("list no spec that no longer uses the demo customers", () => {
    const stale = Object.keys(USES_DEMO_CUSTOMERS).filter(
      (name) => !specs.some((spec) => spec.name === name && DEMO_CUSTOMER.test(spec.source)),
    );
    expect(stale).toEqual([]);
  });

  it("wait for state, never for a fixed time", () => {
    const sleeping = specs.filter(({ source }) =>
      /waitForTimeout\(|new Promise\(\(resolve\) => setTimeout/.test(source),
    );
    expect(sleeping.map(({ name }) => name)).toEqual([]);
  });
});
