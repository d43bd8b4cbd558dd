import { and, desc, eq, gte, like, lt, type SQL } from "drizzle-orm";
import type { OrgCtx, StaffCtx } from "@/lib/context";
import type { Executor } from "@/lib/db";
import { auditEvents, organizations } from "@/lib/db/schema";
import { customerMessageOf, customerViewOfEvent } from "./customer-view";

export interface ListAuditEventsInput {
  /** e.g. `rotation.` for every rotation event. */
  actionPrefix?: string;
  subjectType?: string;
  subjectId?: string;
  /** Keyset pagination: events with an id lower than this. */
  before?: number;
  limit?: number;
}

export interface StaffAuditFilters extends ListAuditEventsInput {
  orgId?: string;
  /** The actor's label (email, `system:…`), matched exactly. */
  actor?: string;
  /** Half-open range [from, to) on when the event happened. */
  from?: Date;
  to?: Date;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

async function listAuditEvents(db: Executor, filters: StaffAuditFilters & { scope?: SQL }) {
  const limit = Math.min(filters.limit ?? 25, 1000);
  const rows = await db
    .select({
      id: auditEvents.id,
      occurredAt: auditEvents.occurredAt,
      actorLabel: auditEvents.actorLabel,
      actorType: auditEvents.actorType,
      orgId: auditEvents.orgId,
      orgName: organizations.name,
      action: auditEvents.action,
      subjectType: auditEvents.subjectType,
      subjectId: auditEvents.subjectId,
      reason: auditEvents.reason,
      data: auditEvents.data,
    })
    .from(auditEvents)
    .leftJoin(organizations, eq(organizations.id, auditEvents.orgId))
    .where(
      and(
        filters.scope,
        filters.orgId ? eq(auditEvents.orgId, filters.orgId) : undefined,
        filters.actor ? eq(auditEvents.actorLabel, filters.actor) : undefined,
        filters.actionPrefix ? like(auditEvents.action, `${escapeLike(filters.actionPrefix)}%`) : undefined,
        filters.subjectType ? eq(auditEvents.subjectType, filters.subjectType) : undefined,
        filters.subjectId ? eq(auditEvents.subjectId, filters.subjectId) : undefined,
        filters.from ? gte(auditEvents.occurredAt, filters.from) : undefined,
        filters.to ? lt(auditEvents.occurredAt, filters.to) : undefined,
        filters.before ? lt(auditEvents.id, filters.before) : undefined,
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(limit + 1);
  return { events: rows.slice(0, limit), nextBefore: rows.length > limit ? rows[limit - 1]!.id : null };
}

/**
 * The caller's organisation's audit trail, newest first, as the customer may read it: staff
 * internal notes never appear, only their messages to the customer (customer-view.ts).
 */
export async function listOrgAuditEvents(ctx: Pick<OrgCtx, "db" | "orgId">, input: ListAuditEventsInput = {}) {
  const page = await listAuditEvents(ctx.db, { ...input, scope: eq(auditEvents.orgId, ctx.orgId) });
  return { ...page, events: page.events.map(customerViewOfEvent) };
}

/**
 * Every organisation's trail (and events with none, e.g. staff sign-in factors), for staff: the
 * internal note (`reason`) and beside it the message the customer got.
 */
export async function listStaffAuditEvents(ctx: StaffCtx, filters: StaffAuditFilters = {}) {
  const page = await listAuditEvents(ctx.db, filters);
  return {
    ...page,
    events: page.events.map((event) => ({ ...event, customerMessage: customerMessageOf(event.data) })),
  };
}

type AuditPage<E> = { events: E[]; nextBefore: number | null };

/** Every page of a listing, for exports: follows `nextBefore` until the end. */
export async function collectAuditPages<E>(
  listPage: (before: number | undefined) => Promise<AuditPage<E>>,
): Promise<E[]> {
  const events: E[] = [];
  for (let before: number | undefined; ; ) {
    const page = await listPage(before);
    events.push(...page.events);
    if (page.nextBefore === null) return events;
    before = page.nextBefore;
  }
}
