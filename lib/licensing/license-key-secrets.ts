import { randomUUID } from "node:crypto";
import { appendAuditEvent } from "@/lib/audit";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { licenseKeys } from "@/lib/db/schema";
import { openSecret, sealSecret, type KeyedHasher, type MasterKeyRing } from "@/lib/crypto";
import { generateLicenseKey, parseLicenseKey } from "./license-key-format";

/** What license-key code needs besides the database: never read from globals. */
export interface KeySecrets {
  ring: MasterKeyRing;
  hasher: KeyedHasher;
}

export const licenseKeyContext = (keyId: string) => `license-key:${keyId}`;

export function licenseKeyDigest(hasher: KeyedHasher, canonicalKey: string): string {
  return hasher.digest("license-key", canonicalKey);
}

/**
 * Creates a key for a license and stores only its digest (for lookup) and its sealed form (so its
 * owner can see it again). The plaintext is returned once, to the caller that must hand it on,
 * and is never logged or written anywhere else.
 */
export async function issueLicenseKey(
  tx: Tx,
  ctx: Ctx,
  { licenseId, orgId, state, secrets }: { licenseId: string; orgId: string; state: "pending" | "active"; secrets: KeySecrets },
): Promise<{ keyId: string; prefix: string; plaintext: string }> {
  const plaintext = generateLicenseKey();
  const parsed = parseLicenseKey(plaintext);
  if (!parsed.ok) throw new Error("generated an unparseable license key");
  const keyId = randomUUID();
  const { sealed, masterKeyVersion } = sealSecret(secrets.ring, plaintext, licenseKeyContext(keyId));
  const now = ctx.now();
  await tx.insert(licenseKeys).values({
    id: keyId,
    licenseId,
    state,
    prefix: parsed.prefix,
    digest: licenseKeyDigest(secrets.hasher, parsed.canonical),
    ciphertext: sealed,
    masterKeyVersion,
    activatedAt: state === "active" ? now : null,
    createdAt: now,
  });
  await appendAuditEvent(tx, {
    actor: ctx.actor,
    at: now,
    orgId,
    action: "license_key.issued",
    subjectType: "license",
    subjectId: licenseId,
    data: { keyId, prefix: parsed.prefix, state },
  });
  return { keyId, prefix: parsed.prefix, plaintext };
}

export function openLicenseKey(ring: MasterKeyRing, key: { id: string; ciphertext: string }): string {
  return openSecret(ring, key.ciphertext, licenseKeyContext(key.id));
}
