import { createHash } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { Ctx } from "@/lib/context";
import { licenseKeys, licenses, rotations } from "@/lib/db/schema";
import { Conflict, Forbidden, NotFound } from "@/lib/errors";
import { parseLicenseKey } from "@/lib/licensing/license-key-format";
import { licenseKeyDigest, openLicenseKey, type KeySecrets } from "@/lib/licensing/license-key-secrets";
import { findRotationPolicy } from "./find-rotation-policy";
import { isNewKeyIssued } from "./rotation-transitions";

export class BridgingDisabled extends Forbidden {
  override readonly code: string = "BRIDGING_DISABLED";
}

export class NoRotationInProgress extends Conflict {
  override readonly code: string = "NO_ROTATION_IN_PROGRESS";
}

export class UnknownKey extends NotFound {
  override readonly code: string = "UNKNOWN_KEY";
}

/**
 * Token bridging: software holding the old key during a rotation (new key issued, or both in
 * overlap) trades it for the new key without a person copying anything. Possession of the old key
 * is the proof, so this is only allowed while that key is still valid and where the vendor's
 * policy permits it; every exchange is audited.
 */
export async function exchangeKey(ctx: Ctx, { key }: { key: string }, { secrets }: { secrets: KeySecrets }) {
  const parsed = parseLicenseKey(key);
  if (!parsed.ok) throw new UnknownKey("This key is not recognised.");
  return ctx.db.transaction(async (tx) => {
    const [presented] = await tx
      .select({
        id: licenseKeys.id,
        state: licenseKeys.state,
        prefix: licenseKeys.prefix,
        licenseId: licenseKeys.licenseId,
        orgId: licenses.orgId,
        productId: licenses.productId,
        editionId: licenses.editionId,
      })
      .from(licenseKeys)
      .innerJoin(licenses, eq(licenses.id, licenseKeys.licenseId))
      .where(eq(licenseKeys.digest, licenseKeyDigest(secrets.hasher, parsed.canonical)));
    if (!presented) throw new UnknownKey("This key is not recognised.");
    const policy = await findRotationPolicy(tx, presented);
    if (!policy.allowTokenBridging)
      throw new BridgingDisabled(
        "Automatic key exchange is not enabled for this product: copy the new key from the portal.",
      );
    const [rotation] = await tx
      .select()
      .from(rotations)
      .where(
        and(
          eq(rotations.licenseId, presented.licenseId),
          inArray(rotations.state, ["issued", "overlapping"]),
          eq(rotations.oldKeyId, presented.id),
        ),
      );
    const now = ctx.now();
    const stillValid =
      rotation && (isNewKeyIssued(rotation) || (rotation.overlapEndsAt !== null && rotation.overlapEndsAt > now));
    if (!rotation?.newKeyId || !stillValid)
      throw new NoRotationInProgress("There is no new key to exchange this key for right now.");
    const [newKey] = await tx.select().from(licenseKeys).where(eq(licenseKeys.id, rotation.newKeyId));
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId: presented.orgId,
      action: "license_key.exchanged",
      subjectType: "license",
      subjectId: presented.licenseId,
      data: { fromPrefix: presented.prefix, toPrefix: newKey!.prefix, rotationId: rotation.id },
    });
    const plaintext = openLicenseKey(secrets.ring, newKey!);
    return {
      licenseId: presented.licenseId,
      scopes: { productId: presented.productId, editionId: presented.editionId },
      newKey: plaintext,
      newKeyPrefix: newKey!.prefix,
      newKeySha256: createHash("sha256").update(plaintext).digest("base64url"),
      oldKeyRetiresAt: rotation.overlapEndsAt?.toISOString() ?? null,
    };
  });
}
