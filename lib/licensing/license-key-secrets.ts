import { randomUUID } from "node:crypto";
import { appendAuditEvents } from "@/lib/audit";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { insertRows } from "@/lib/db/json-rows";
import { licenseKeys } from "@/lib/db/schema";
import { openSecret, sealSecret, type KeyedHasher, type MasterKeyRing } from "@/lib/crypto";
import { generateLicenseKey, parseLicenseKey } from "./license-key-format";
import { isActiveKey } from "./license-key-transitions";

/** What license-key code needs besides the database: never read from globals. */
export interface KeySecrets {
  ring: MasterKeyRing;
  hasher: KeyedHasher;
}

export const licenseKeyContext = (keyId: string) => `license-key:${keyId}`;

export function licenseKeyDigest(hasher: KeyedHasher, canonicalKey: string): string {
  return hasher.digest("license-key", canonicalKey);
}

export interface IssuedLicenseKey {
  licenseId: string;
  keyId: string;
  prefix: string;
  plaintext: string;
}

/**
 * Creates a key for each license and stores only its digest (for lookup) and its sealed form (so
 * its owner can see it again). The plaintext is returned once, to the caller that must hand it on,
 * and is never logged or written anywhere else.
 */
export async function issueLicenseKeys(
  tx: Tx,
  ctx: Ctx,
  {
    licenses,
    state,
    secrets,
  }: { licenses: readonly { licenseId: string; orgId: string }[]; state: "pending" | "active"; secrets: KeySecrets },
): Promise<IssuedLicenseKey[]> {
  const now = ctx.now();
  const issued = licenses.map(({ licenseId, orgId }) => {
    const plaintext = generateLicenseKey();
    const parsed = parseLicenseKey(plaintext);
    if (!parsed.ok) throw new Error("generated an unparseable license key");
    const keyId = randomUUID();
    const { sealed, masterKeyVersion } = sealSecret(secrets.ring, plaintext, licenseKeyContext(keyId));
    return {
      key: { licenseId, keyId, prefix: parsed.prefix, plaintext },
      orgId,
      row: {
        id: keyId,
        licenseId,
        state,
        prefix: parsed.prefix,
        digest: licenseKeyDigest(secrets.hasher, parsed.canonical),
        ciphertext: sealed,
        masterKeyVersion,
        activatedAt: isActiveKey({ state }) ? now : null,
        createdAt: now,
      },
    };
  });
  await insertRows(
    tx,
    licenseKeys,
    issued.map(({ row }) => row),
  );
  await appendAuditEvents(
    tx,
    issued.map(({ key, orgId }) => ({
      actor: ctx.actor,
      at: now,
      orgId,
      action: "license_key.issued",
      subjectType: "license",
      subjectId: key.licenseId,
      data: { keyId: key.keyId, prefix: key.prefix, state },
    })),
  );
  return issued.map(({ key }) => key);
}

export async function issueLicenseKey(
  tx: Tx,
  ctx: Ctx,
  {
    licenseId,
    orgId,
    state,
    secrets,
  }: { licenseId: string; orgId: string; state: "pending" | "active"; secrets: KeySecrets },
): Promise<IssuedLicenseKey> {
  const [issued] = await issueLicenseKeys(tx, ctx, { licenses: [{ licenseId, orgId }], state, secrets });
  return issued!;
}

export function openLicenseKey(ring: MasterKeyRing, key: { id: string; ciphertext: string }): string {
  return openSecret(ring, key.ciphertext, licenseKeyContext(key.id));
}
