import { describe, expect, it } from "vitest";
import type { KeyedHasher } from "@/lib/crypto";
import { makeLicense, makeOrg, systemActor, testSecrets } from "@/testing/factories";
import { useTestDatabase } from "@/testing/test-database";
import {
  answerValidation,
  findLicenseByPresentedKey,
  issueLicenseKey,
  parseLicenseKey,
  presentLicenseKey,
  validateLicenseKey,
} from "./index";
import { licenseKeyDigest } from "./license-key-secrets";

const now = new Date("2026-11-23T12:00:00Z");
const portalUrl = "https://portal.example";

/** The hasher the tests count: how many keyed digests a request costs (issue 21). */
function countingHasher(hasher: KeyedHasher) {
  const counted = { digests: 0 };
  return {
    counted,
    hasher: {
      digest: (purpose, value) => {
        counted.digests += 1;
        return hasher.digest(purpose, value);
      },
    } satisfies KeyedHasher,
  };
}

describe("a license key presented once to the validate endpoint", () => {
  const database = useTestDatabase();
  const secrets = testSecrets();

  async function issuedKey() {
    const { db } = database;
    const { org } = await makeOrg(db);
    const license = await makeLicense(db, org.id);
    const { plaintext } = await db.transaction((tx) =>
      issueLicenseKey(
        tx,
        { db, now: () => now, actor: systemActor },
        { licenseId: license.id, orgId: org.id, state: "active", secrets },
      ),
    );
    return plaintext;
  }

  it("is parsed and hashed once for the rate limit and the lookup, and answers as validateLicenseKey does", async () => {
    const key = await issuedKey();
    const { counted, hasher } = countingHasher(secrets.hasher);
    const presented = presentLicenseKey(hasher, ` ${key.toLowerCase()} `);
    const row = await findLicenseByPresentedKey(database.db, presented);
    expect(counted.digests).toBe(1);
    // The digest the limiter counts is the lookup digest of the canonical key, however it was typed.
    const canonical = parseLicenseKey(key);
    if (!canonical.ok) throw new Error("the issued key parses");
    expect(presented).toEqual({ digest: licenseKeyDigest(secrets.hasher, canonical.canonical), isWellFormed: true });

    const answered = await answerValidation(database.db, { key }, row, { hasher, now, portalUrl });
    expect(answered).toMatchObject({ valid: true, code: "VALID" });
    expect(answered).toEqual(
      await validateLicenseKey(database.db, { key }, { hasher: secrets.hasher, now, portalUrl }),
    );
  });

  it("counts a mistyped key by what was typed and never looks it up", async () => {
    const { counted, hasher } = countingHasher(secrets.hasher);
    const presented = presentLicenseKey(hasher, "RK-NOT-A-KEY");
    expect(presented).toEqual({ digest: secrets.hasher.digest("license-key", "RK-NOT-A-KEY"), isWellFormed: false });
    expect(await findLicenseByPresentedKey(database.db, presented)).toBeNull();
    expect(counted.digests).toBe(1);
    expect(await answerValidation(database.db, { key: "RK-NOT-A-KEY" }, null, { hasher, now, portalUrl })).toEqual(
      await validateLicenseKey(database.db, { key: "RK-NOT-A-KEY" }, { hasher: secrets.hasher, now, portalUrl }),
    );
  });
});
