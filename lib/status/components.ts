/**
 * The components the public status page reports on, and how each one's health is judged. The one
 * place to change what "degraded" means for the status page.
 */
import { and, count, eq, inArray, lte, min, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { appMeta, outbox, signingKeys } from "@/lib/db/schema";

export const STATUS_COMPONENTS = {
  api: "License API",
  portal: "Customer portal",
  database: "Database",
  worker: "Rotation and notice worker",
  notifications: "Email and webhook delivery",
  signing: "Signing service",
} as const;
export type StatusComponentKey = keyof typeof STATUS_COMPONENTS;
export const STATUS_COMPONENT_KEYS = Object.keys(STATUS_COMPONENTS) as StatusComponentKey[];

export type Health = "operational" | "degraded" | "down";
export interface ComponentHealth {
  key: "database" | "worker" | "notifications" | "signing";
  name: string;
  health: Health;
  /** A sentence for the public: what we measured, never internals. */
  detail: string;
}

export const WORKER_HEARTBEAT_KEY = "worker_heartbeat_at";
/** The worker ticks every 15 s; a few missed ticks is a slow pass, many is a stopped worker. */
const WORKER_DEGRADED_AFTER_MS = 2 * 60_000;
const WORKER_DOWN_AFTER_MS = 10 * 60_000;
/** Due deliveries waiting longer than this mean the queue is not keeping up. */
const OUTBOX_DEGRADED_AFTER_MS = 15 * 60_000;
const OUTBOX_DEGRADED_BACKLOG = 500;

/** Called by the worker after every pass: the status page's evidence that it is alive. */
export async function recordWorkerHeartbeat(db: Db, now: Date): Promise<void> {
  await db
    .insert(appMeta)
    .values({ key: WORKER_HEARTBEAT_KEY, value: now.toISOString(), updatedAt: now })
    .onConflictDoUpdate({ target: appMeta.key, set: { value: now.toISOString(), updatedAt: now } });
}

export async function checkComponentHealth(db: Db, now: Date): Promise<ComponentHealth[]> {
  const database = await checkDatabase(db);
  if (database.health === "down") {
    // Everything else is read from the database: without it there is nothing honest to say.
    const unknown = (key: ComponentHealth["key"]): ComponentHealth => ({
      key,
      name: STATUS_COMPONENTS[key],
      health: "down",
      detail: "Cannot be checked while the database is unreachable.",
    });
    return [database, unknown("worker"), unknown("notifications"), unknown("signing")];
  }
  return [database, ...(await Promise.all([checkWorker(db, now), checkOutbox(db, now), checkSigning(db)]))];
}

async function checkDatabase(db: Db): Promise<ComponentHealth> {
  const name = STATUS_COMPONENTS.database;
  const started = performance.now();
  try {
    await db.execute(sql`select 1`);
  } catch {
    return { key: "database", name, health: "down", detail: "The database is not answering." };
  }
  const ms = Math.round(performance.now() - started);
  return { key: "database", name, health: ms > 1000 ? "degraded" : "operational", detail: `Answered in ${ms} ms.` };
}

async function checkWorker(db: Db, now: Date): Promise<ComponentHealth> {
  const name = STATUS_COMPONENTS.worker;
  const [row] = await db
    .select({ updatedAt: appMeta.updatedAt })
    .from(appMeta)
    .where(eq(appMeta.key, WORKER_HEARTBEAT_KEY));
  if (!row)
    return {
      key: "worker",
      name,
      health: "down",
      detail: "The worker has not reported since this installation started.",
    };
  const ageMs = now.getTime() - row.updatedAt.getTime();
  const ago = `Last pass ${Math.max(0, Math.round(ageMs / 1000))} seconds ago.`;
  return {
    key: "worker",
    name,
    health: ageMs > WORKER_DOWN_AFTER_MS ? "down" : ageMs > WORKER_DEGRADED_AFTER_MS ? "degraded" : "operational",
    detail: ago,
  };
}

async function checkOutbox(db: Db, now: Date): Promise<ComponentHealth> {
  const name = STATUS_COMPONENTS.notifications;
  const [backlog] = await db
    .select({ waiting: count(), oldest: min(outbox.nextAttemptAt) })
    .from(outbox)
    .where(and(inArray(outbox.status, ["pending", "failed"]), lte(outbox.nextAttemptAt, now)));
  const waiting = backlog?.waiting ?? 0;
  const oldestMs = backlog?.oldest ? now.getTime() - new Date(backlog.oldest).getTime() : 0;
  const isBehind = waiting > OUTBOX_DEGRADED_BACKLOG || oldestMs > OUTBOX_DEGRADED_AFTER_MS;
  const detail =
    waiting === 0
      ? "No deliveries waiting."
      : `${waiting} ${waiting === 1 ? "delivery" : "deliveries"} waiting; the oldest for ${Math.round(oldestMs / 60_000)} minutes.`;
  return { key: "notifications", name, health: isBehind ? "degraded" : "operational", detail };
}

async function checkSigning(db: Db): Promise<ComponentHealth> {
  const name = STATUS_COMPONENTS.signing;
  const [active] = await db.select({ n: count() }).from(signingKeys).where(eq(signingKeys.state, "active"));
  return (active?.n ?? 0) > 0
    ? { key: "signing", name, health: "operational", detail: "Signing keys are active and published." }
    : {
        key: "signing",
        name,
        health: "down",
        detail: "No active signing key: license files and signed answers cannot be issued.",
      };
}
