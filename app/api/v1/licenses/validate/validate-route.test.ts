/**
 * The validate endpoint's hot path (issue 21): one parse and one keyed digest per call serve the
 * rate limit and the lookup, which run side by side; answers and refusals are as before.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { KeyedHasher } from "@/lib/crypto";
import { createApiLimiter } from "@/lib/http/api-limits";
import { parseLicenseKey } from "@/lib/licensing";
import { licenseKeyDigest } from "@/lib/licensing/license-key-secrets";
import { harness } from "@/testing/app-harness";
import { makeLicenseWithKey, makeSigner, testSecrets } from "@/testing/factories";
import { useTestDatabase } from "@/testing/test-database";
import { POST as validate } from "./route";

const PER_KEY_PER_MINUTE = 2;

/** What the route asked of the wiring: keyed digests made, and the callers the limiter counted. */
const observed = vi.hoisted(() => ({
  digests: 0,
  counted: [] as { ip: string; keyDigest?: string }[],
  limiter: null as null | ((caller: { ip: string; keyDigest?: string }) => Promise<void>),
}));

vi.mock("@/lib/config/server", async (original) => {
  const mocked = (await import("@/testing/app-harness")).configModule(
    await original<typeof import("@/lib/config/server")>(),
  );
  const services = mocked.appServices();
  const counting: KeyedHasher = {
    digest: (purpose, value) => {
      observed.digests += 1;
      return services.keySecrets().hasher.digest(purpose, value);
    },
  };
  const limited = {
    ...services,
    keySecrets: () => ({ ...services.keySecrets(), hasher: counting }),
    consumeApiCall: async (caller: { ip: string; keyDigest?: string }) => {
      observed.counted.push(caller);
      await observed.limiter!(caller);
    },
  };
  return { ...mocked, appServices: () => limited };
});

const database = useTestDatabase();
const secrets = testSecrets();

describe("POST /api/v1/licenses/validate", () => {
  beforeAll(async () => {
    const now = () => new Date();
    const { signer } = await makeSigner(database.db, secrets, now);
    Object.assign(harness, { db: database.db, secrets, signer });
    observed.limiter = createApiLimiter(database.db, { perIpPerMinute: 1_000, perKeyPerMinute: PER_KEY_PER_MINUTE });
  });

  const post = (key: string) =>
    validate(
      new Request("http://localhost:3000/api/v1/licenses/validate", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ key }),
      }),
    );

  async function issuedKey() {
    const { key } = await makeLicenseWithKey(database.db, secrets);
    const parsed = parseLicenseKey(key.plaintext);
    if (!parsed.ok) throw new Error("an issued key parses");
    return { plaintext: key.plaintext, digest: licenseKeyDigest(secrets.hasher, parsed.canonical) };
  }

  it("answers VALID after one keyed digest, counting the call under the key's lookup digest however it was typed", async () => {
    const key = await issuedKey();
    observed.digests = 0;
    observed.counted.length = 0;
    const response = await post(` ${key.plaintext.toLowerCase()} `);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ valid: true, code: "VALID" });
    expect(observed.digests).toBe(1);
    expect(observed.counted).toEqual([expect.objectContaining({ keyDigest: key.digest })]);
  });

  it("answers UNKNOWN_KEY for a mistyped key, counted by what was typed", async () => {
    observed.digests = 0;
    observed.counted.length = 0;
    const response = await post("RK-NOT-A-KEY");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ valid: false, code: "UNKNOWN_KEY" });
    expect(observed.digests).toBe(1);
    expect(observed.counted).toEqual([
      expect.objectContaining({ keyDigest: secrets.hasher.digest("license-key", "RK-NOT-A-KEY") }),
    ]);
  });

  it("refuses a key past its per-minute limit with 429, Retry-After and no validation answer", async () => {
    const key = await issuedKey();
    for (let call = 0; call < PER_KEY_PER_MINUTE; call++) expect((await post(key.plaintext)).status).toBe(200);
    const refused = await post(key.plaintext);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    const problem = await refused.json();
    expect(problem).toMatchObject({ code: "RATE_LIMITED" });
    expect(problem).not.toHaveProperty("valid");
  });
});
