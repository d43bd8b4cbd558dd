import { and, asc, eq, inArray } from "drizzle-orm";
import type { OrgCtx } from "@/lib/context";
import { devices, licenseKeys, licenses, rotations } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import { type AdoptedKey, adoptedKeyOf } from "./count-key-adoption";
import { isOverlapping } from "./rotation-transitions";

/**
 * Issue 16, item 9: while a rotation's new key is out (issued ahead of the switch, or in the
 * overlap), which of the license's devices holding a seat have presented the new key and which
 * still present the old one, so the customer knows who needs the update before the old key stops.
 * Null when no rotation has a new key out. A license outside `orgId` is a 404 (DESIGN.md §4).
 */
export async function getKeyAdoption(ctx: Pick<OrgCtx, "db" | "orgId">, licenseId: string) {
  const [license] = await ctx.db
    .select({ id: licenses.id })
    .from(licenses)
    .where(and(eq(licenses.id, licenseId), eq(licenses.orgId, ctx.orgId)));
  if (!license) throw new NotFound("License not found.");
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
  const [keys, seated] = await Promise.all([
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
      .where(and(eq(devices.licenseId, licenseId), eq(devices.status, "active")))
      .orderBy(asc(devices.name), asc(devices.id)),
  ]);
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
  };
}

export type KeyAdoption = NonNullable<Awaited<ReturnType<typeof getKeyAdoption>>>;
