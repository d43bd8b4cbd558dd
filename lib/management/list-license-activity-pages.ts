import { and, desc, eq, gt, lt } from "drizzle-orm";
import type { StaffCtx } from "@/lib/context";
import { InvalidInput } from "@/lib/errors";
import { auditEvents, devices, rotations } from "@/lib/db/schema";
import type { DeviceListQuery, EventListQuery, PageQuery } from "@/lib/validations/management";
import { afterCursor, decodeCursor, encodeCursor, pageOf } from "./cursor";

/** A license's devices, newest first; never the fingerprint digest. */
export async function listDevicesPage(ctx: StaffCtx, licenseId: string, query: DeviceListQuery) {
  const rows = await ctx.db
    .select({
      id: devices.id,
      licenseId: devices.licenseId,
      name: devices.name,
      platform: devices.platform,
      status: devices.status,
      activatedAt: devices.activatedAt,
      deactivatedAt: devices.deactivatedAt,
      lastSeenAt: devices.lastSeenAt,
      createdAt: devices.createdAt,
    })
    .from(devices)
    .where(
      and(
        eq(devices.licenseId, licenseId),
        query.status ? eq(devices.status, query.status) : undefined,
        afterCursor(devices.createdAt, devices.id, decodeCursor(query.cursor)),
      ),
    )
    .orderBy(desc(devices.createdAt), desc(devices.id))
    .limit(query.limit + 1);
  return pageOf(rows, query.limit);
}

/** A license's rotations, newest first. */
export async function listRotationsPage(ctx: StaffCtx, licenseId: string, query: PageQuery) {
  const rows = await ctx.db
    .select({
      id: rotations.id,
      licenseId: rotations.licenseId,
      kind: rotations.kind,
      state: rotations.state,
      scheduledFor: rotations.scheduledFor,
      overlapMinutes: rotations.overlapMinutes,
      issuedAt: rotations.issuedAt,
      overlapEndsAt: rotations.overlapEndsAt,
      completedAt: rotations.completedAt,
      createdAt: rotations.createdAt,
    })
    .from(rotations)
    .where(
      and(
        eq(rotations.licenseId, licenseId),
        afterCursor(rotations.createdAt, rotations.id, decodeCursor(query.cursor)),
      ),
    )
    .orderBy(desc(rotations.createdAt), desc(rotations.id))
    .limit(query.limit + 1);
  return pageOf(rows, query.limit);
}

/** The audit trail as events, newest first (ids are the chain's order). */
export async function listEventsPage(ctx: StaffCtx, query: EventListQuery) {
  const position = decodeCursor(query.cursor);
  if (position && !/^\d{1,18}$/.test(position.id))
    throw new InvalidInput("The cursor is not one this API gave out.", {
      cursor: ["Pass back `nextCursor` from the previous page unchanged."],
    });
  const rows = await ctx.db
    .select({
      id: auditEvents.id,
      occurredAt: auditEvents.occurredAt,
      action: auditEvents.action,
      actorType: auditEvents.actorType,
      actor: auditEvents.actorLabel,
      customerId: auditEvents.orgId,
      subjectType: auditEvents.subjectType,
      subjectId: auditEvents.subjectId,
      data: auditEvents.data,
    })
    .from(auditEvents)
    .where(
      and(
        query.customer ? eq(auditEvents.orgId, query.customer) : undefined,
        query.license
          ? and(eq(auditEvents.subjectType, "license"), eq(auditEvents.subjectId, query.license))
          : undefined,
        query.after ? gt(auditEvents.occurredAt, query.after) : undefined,
        query.before ? lt(auditEvents.occurredAt, query.before) : undefined,
        position ? lt(auditEvents.id, Number(position.id)) : undefined,
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(query.limit + 1);
  const data = rows.slice(0, query.limit).map((row) => ({ ...row, id: String(row.id) }));
  const last = data.at(-1);
  return {
    data,
    nextCursor: rows.length > query.limit && last ? encodeCursor({ at: last.occurredAt, id: last.id }) : null,
  };
}
