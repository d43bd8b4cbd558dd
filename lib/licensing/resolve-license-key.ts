import { eq, sql } from "drizzle-orm";
import type { KeyedHasher } from "@/lib/crypto";
import { preparedPerHandle, type Executor } from "@/lib/db";
import { editions, features, licenseEntitlements, licenseKeys, licenses, products } from "@/lib/db/schema";
import { parseLicenseKey } from "./license-key-format";
import { licenseKeyDigest } from "./license-key-secrets";
import { isRetiredKeyAt, isRevokedKey } from "./license-key-transitions";
import { answersSuspended, isExpired, isRevoked } from "./license-transitions";

export type KeyedLicense = NonNullable<Awaited<ReturnType<typeof findLicenseByPresentedKey>>>;
export type KeyStandingCode =
  | "PRODUCT_MISMATCH"
  | "REVOKED"
  | "KEY_RETIRED"
  | "SUSPENDED"
  | "EXPIRED"
  | "NOT_YET_VALID";

/** Validation's hot path: see `preparedPerHandle`. */
const licenseByDigestQuery = preparedPerHandle((db: Executor) =>
  db
    .select({
      key: { id: licenseKeys.id, state: licenseKeys.state, retiresAt: licenseKeys.retiresAt },
      license: licenses,
      productCode: products.code,
      editionCode: editions.code,
      /** The edition's licensing model (issue 18): validation names it, and expiry follows it. */
      model: {
        seatModel: editions.seatModel,
        overageStrategy: editions.overageStrategy,
        expiryStrategy: editions.expiryStrategy,
        featuresAfterExpiry: editions.featuresAfterExpiry,
        requireSeatToken: editions.requireSeatToken,
      },
      // In the same statement because online validation answers with them: one round trip, not two.
      entitlementCodes: sql<
        string[]
      >`array(select ${features.code} from ${licenseEntitlements} join ${features} on ${features.id} = ${licenseEntitlements.featureId} where ${licenseEntitlements.licenseId} = ${licenses.id} order by ${features.code} collate "C")`,
    })
    .from(licenseKeys)
    .innerJoin(licenses, eq(licenses.id, licenseKeys.licenseId))
    .innerJoin(products, eq(products.id, licenses.productId))
    .innerJoin(editions, eq(editions.id, licenses.editionId))
    .where(eq(licenseKeys.digest, sql.placeholder("digest")))
    .prepare("find_license_by_key_digest"),
);

/**
 * The license a key belongs to, with the key's state: what every client-facing check starts from.
 * A mistyped key and a key nobody issued are both `null`, so callers cannot tell them apart.
 */
export function findLicenseByKey(db: Executor, key: string, hasher: KeyedHasher) {
  return findLicenseByPresentedKey(db, presentLicenseKey(hasher, key));
}

/**
 * A license key as a client presented it, parsed and hashed once per request (issue 21): the rate
 * limit counts it by `digest` and the lookup finds it by the same digest. However the key was typed
 * it is the same digest; a mistyped key is counted by the digest of what was typed, and never looked up.
 */
export interface PresentedKey {
  digest: string;
  isWellFormed: boolean;
}

export function presentLicenseKey(hasher: KeyedHasher, key: string): PresentedKey {
  const parsed = parseLicenseKey(key);
  return parsed.ok
    ? { digest: licenseKeyDigest(hasher, parsed.canonical), isWellFormed: true }
    : { digest: hasher.digest("license-key", key), isWellFormed: false };
}

/** `findLicenseByKey` for a key already presented: what a caller that also rate-limits it uses. */
export async function findLicenseByPresentedKey(db: Executor, presented: PresentedKey) {
  if (!presented.isWellFormed) return null;
  const [row] = await licenseByDigestQuery(db).execute({ digest: presented.digest });
  return row ?? null;
}

/**
 * Why this key cannot be used right now, or null when it can. Checked in this order so the code
 * names the first thing the customer has to fix; `date` is the moment the code's sentence needs.
 */
export function keyStanding(
  row: KeyedLicense,
  { now, product }: { now: Date; product?: string },
): { code: KeyStandingCode; date?: Date } | null {
  const { license, key } = row;
  if (product && product !== row.productCode) return { code: "PRODUCT_MISMATCH" };
  if (isRevokedKey(key) || isRevoked(license.status)) return { code: "REVOKED" };
  if (isRetiredKeyAt(key, now)) return { code: "KEY_RETIRED" };
  if (answersSuspended(license.status)) return { code: "SUSPENDED" };
  if (isExpired(license.status) || (license.expiresAt && license.expiresAt <= now))
    return { code: "EXPIRED", date: license.expiresAt ?? undefined };
  if (license.startsAt > now) return { code: "NOT_YET_VALID", date: license.startsAt };
  return null;
}
