import { and, desc, eq, like, lt } from "drizzle-orm";
import type { OrgCtx } from "@/lib/context";
import { auditEvents } from "@/lib/db/schema";

export interface ListAuditEventsInput {
  /** e.g. `rotation.` for every rotation event. */
  actionPrefix?: string;
  subjectType?: string;
  subjectId?: string;
  /** Keyset pagination: events with an id lower than this. */
  before?: number;
  limit?: number;
}

/** The caller's organisation's audit trail, newest first. */
export async function listOrgAuditEvents(ctx: Pick<OrgCtx, "db" | "orgId">, input: ListAuditEventsInput = {}) {
  const limit = Math.min(input.limit ?? 25, 1000);
  const rows = await ctx.db
    .select({
      id: auditEvents.id,
      occurredAt: auditEvents.occurredAt,
      actorLabel: auditEvents.actorLabel,
      actorType: auditEvents.actorType,
      action: auditEvents.action,
      subjectType: auditEvents.subjectType,
      subjectId: auditEvents.subjectId,
      reason: auditEvents.reason,
      data: auditEvents.data,
    })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.orgId, ctx.orgId),
        input.actionPrefix ? like(auditEvents.action, `${input.actionPrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined,
        input.subjectType ? eq(auditEvents.subjectType, input.subjectType) : undefined,
        input.subjectId ? eq(auditEvents.subjectId, input.subjectId) : undefined,
        input.before ? lt(auditEvents.id, input.before) : undefined,
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(limit + 1);
  return { events: rows.slice(0, limit), nextBefore: rows.length > limit ? rows[limit - 1]!.id : null };
}
