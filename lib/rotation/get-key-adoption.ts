import { and, asc, eq, gte, inArray, max, sum } from "drizzle-orm";
import { type LicenseRef, type OrgCtx, orgLicenseId } from "@/lib/context";
import { devices, licenseKeys, rotations, validationCounts } from "@/lib/db/schema";
import { type AdoptedKey, adoptedKeyOf } from "./count-key-adoption";
import { isOverlapping } from "./rotation-transitions";
import { holdsSeatSql } from "@/lib/devices";

/**
 * Issue 16, item 9: while a rotation's new key is out (issued ahead of the switch, or in the
 * overlap), which of the license's devices holding a seat have presented the new key and which
 * still present the old one, so the customer knows who needs the update before the old key stops.
 * Clients that validate without a fingerprint have no device record, so the devices alone would
 * miss them: the validations per key over the last day (validation telemetry counts every client)
 * show whether anything still presents the old key. Null when no rotation has a new key out. A
 * license outside `orgId` is a 404 (DESIGN.md §4).
 */
/** How far back the adoption view counts validations per key. */
const KEY_USE_WINDOW_MS = 24 * 60 * 60_000;

export async function getKeyAdoption(ctx: Pick<OrgCtx, "db" | "orgId" | "now">, license: LicenseRef) {
  const licenseId = await orgLicenseId(ctx, license);
  const [rotation] = await ctx.db
    .select({
      id: rotations.id,
      state: rotations.state,
      oldKeyId: rotations.oldKeyId,
      newKeyId: rotations.newKeyId,
      scheduledFor: rotations.scheduledFor,
      overlapEndsAt: rotations.overlapEndsAt,
    })
    .from(rotations)
    .where(and(eq(rotations.licenseId, licenseId), inArray(rotations.state, ["issued", "overlapping"])));
  if (!rotation?.newKeyId) return null;
  const keyIds = [rotation.newKeyId, ...(rotation.oldKeyId ? [rotation.oldKeyId] : [])];
  const keyUseSince = new Date(ctx.now().getTime() - KEY_USE_WINDOW_MS);
  const [keys, seated, keyUse] = await Promise.all([
    ctx.db
      .select({ id: licenseKeys.id, prefix: licenseKeys.prefix })
      .from(licenseKeys)
      .where(inArray(licenseKeys.id, keyIds)),
    ctx.db
      .select({
        id: devices.id,
        name: devices.name,
        platform: devices.platform,
        clientVersion: devices.clientVersion,
        lastSeenAt: devices.lastSeenAt,
        lastKeyId: devices.lastKeyId,
        lastKeyAt: devices.lastKeyAt,
      })
      .from(devices)
      .where(and(eq(devices.licenseId, licenseId), holdsSeatSql()))
      .orderBy(asc(devices.name), asc(devices.id)),
    ctx.db
      .select({
        licenseKeyId: validationCounts.licenseKeyId,
        validations: sum(validationCounts.count).mapWith(Number),
        lastBucketStart: max(validationCounts.bucketStart),
      })
      .from(validationCounts)
      .where(and(inArray(validationCounts.licenseKeyId, keyIds), gte(validationCounts.bucketStart, keyUseSince)))
      .groupBy(validationCounts.licenseKeyId),
  ]);
  const keyUseOf = (keyId: string | null) => {
    const use = keyUse.find((row) => row.licenseKeyId === keyId);
    return { validations: use?.validations ?? 0, lastMinute: use?.lastBucketStart ?? null };
  };
  const prefixOf = (keyId: string | null) => keys.find((key) => key.id === keyId)?.prefix ?? null;
  const rows = seated.map(({ lastKeyId, ...device }) => ({ ...device, key: adoptedKeyOf(lastKeyId, rotation) }));
  const count = (key: AdoptedKey) => rows.filter((row) => row.key === key).length;
  return {
    rotationId: rotation.id,
    isOverlapping: isOverlapping(rotation),
    /** When the old key stops: the end of the overlap, or (before the switch) not known yet. */
    oldKeyStopsAt: rotation.overlapEndsAt,
    switchesAt: rotation.scheduledFor,
    oldKeyPrefix: prefixOf(rotation.oldKeyId),
    newKeyPrefix: prefixOf(rotation.newKeyId),
    onNewKey: count("new"),
    onOldKey: count("old"),
    notSeen: count("unknown"),
    devices: rows,
    /**
     * Validations with each key since `keyUseSince`, from every client, with or without a device
     * record; `lastMinute` is the start of the latest minute one was counted in.
     */
    keyUse: { since: keyUseSince, newKey: keyUseOf(rotation.newKeyId), oldKey: keyUseOf(rotation.oldKeyId) },
  };
}

export type KeyAdoption = NonNullable<Awaited<ReturnType<typeof getKeyAdoption>>>;
