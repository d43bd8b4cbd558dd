import { and, asc, desc, gte, inArray, lte, ne, or, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { rotations, signingKeys, statusIncidents, statusIncidentUpdates } from "@/lib/db/schema";
import { checkComponentHealth, type Health } from "./components";
import { isResolved } from "./incident-transitions";

const DAY_MS = 86_400_000;
/** How far back resolved incidents and rotation days stay on the public page. */
export const STATUS_HISTORY_DAYS = 14;
const ROTATION_LOOKAHEAD_DAYS = 7;

/**
 * Everything the public status page shows, with no customer data: component health, incidents
 * with their updates, rotation activity as daily totals across all customers, and signing-key
 * changes (already public through the JWKS).
 */
export async function getStatusOverview(db: Db, now: Date) {
  const since = new Date(now.getTime() - STATUS_HISTORY_DAYS * DAY_MS);
  const [components, incidents, rotationDays, signingKeyChanges] = await Promise.all([
    checkComponentHealth(db, now),
    listIncidentsSince(db, since),
    listRotationDays(db, now),
    db
      .select({
        kid: signingKeys.kid,
        algorithm: signingKeys.algorithm,
        state: signingKeys.state,
        activatedAt: signingKeys.activatedAt,
        retiringAt: signingKeys.retiringAt,
      })
      .from(signingKeys)
      .where(or(gte(signingKeys.activatedAt, since), gte(signingKeys.retiringAt, since)))
      .orderBy(desc(signingKeys.activatedAt))
      .limit(10),
  ]);
  const openIncidents = incidents.filter((incident) => !isResolved(incident));
  return {
    overall: overallHealth(
      components.map((component) => component.health),
      openIncidents.map((incident) => incident.impact),
    ),
    components,
    openIncidents,
    recentIncidents: incidents.filter(isResolved),
    rotationDays,
    signingKeyChanges,
  };
}

function overallHealth(health: Health[], impacts: string[]): Health {
  if (health.includes("down") || impacts.includes("critical")) return "down";
  if (health.includes("degraded") || impacts.length > 0) return "degraded";
  return "operational";
}

/** Open incidents whenever they started, and resolved ones since `since`, each with its updates. */
export async function listIncidentsSince(db: Db, since: Date) {
  const incidents = await db
    .select()
    .from(statusIncidents)
    .where(or(ne(statusIncidents.state, "resolved"), gte(statusIncidents.resolvedAt, since)))
    .orderBy(desc(statusIncidents.startedAt))
    .limit(50);
  return attachUpdates(db, incidents);
}

export async function attachUpdates<T extends { id: string }>(db: Db, incidents: T[]) {
  if (incidents.length === 0) return [];
  const updates = await db
    .select()
    .from(statusIncidentUpdates)
    .where(
      inArray(
        statusIncidentUpdates.incidentId,
        incidents.map((incident) => incident.id),
      ),
    )
    .orderBy(desc(statusIncidentUpdates.postedAt));
  return incidents.map((incident) => ({
    ...incident,
    updates: updates.filter((update) => update.incidentId === incident.id),
  }));
}

/**
 * Rotation "waves": all customers' rotations per UTC day of their scheduled time, from two weeks
 * back to a week ahead, as totals only.
 */
async function listRotationDays(db: Db, now: Date) {
  const from = new Date(now.getTime() - STATUS_HISTORY_DAYS * DAY_MS);
  const to = new Date(now.getTime() + ROTATION_LOOKAHEAD_DAYS * DAY_MS);
  const day = sql<string>`to_char(${rotations.scheduledFor} at time zone 'UTC', 'YYYY-MM-DD')`;
  const rows = await db
    .select({
      day,
      total: sql<number>`count(*)`.mapWith(Number),
      completed: sql<number>`count(*) filter (where ${rotations.state} = 'completed')`.mapWith(Number),
      inProgress:
        sql<number>`count(*) filter (where ${rotations.state} in ('notified', 'issued', 'overlapping'))`.mapWith(
          Number,
        ),
      planned: sql<number>`count(*) filter (where ${rotations.state} = 'planned')`.mapWith(Number),
      failed: sql<number>`count(*) filter (where ${rotations.state} in ('failed', 'rolled_back'))`.mapWith(Number),
    })
    .from(rotations)
    .where(and(gte(rotations.scheduledFor, from), lte(rotations.scheduledFor, to), ne(rotations.state, "cancelled")))
    .groupBy(day)
    .orderBy(asc(day));
  return rows;
}

export type StatusOverview = Awaited<ReturnType<typeof getStatusOverview>>;

/** All incidents for staff, newest first, paginated; open ones first. */
export async function listIncidentsForStaff(db: Db, { page, pageSize = 20 }: { page: number; pageSize?: number }) {
  const incidents = await db
    .select()
    .from(statusIncidents)
    .orderBy(sql`${statusIncidents.resolvedAt} is not null`, desc(statusIncidents.startedAt))
    .limit(pageSize + 1)
    .offset((page - 1) * pageSize);
  return {
    incidents: await attachUpdates(db, incidents.slice(0, pageSize)),
    hasNext: incidents.length > pageSize,
    page,
  };
}
