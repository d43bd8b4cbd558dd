import { createHash } from "node:crypto";
import { desc, sql } from "drizzle-orm";
import { actorId, actorLabel, type Actor } from "@/lib/context";
import type { Executor } from "@/lib/db";
import { insertRows } from "@/lib/db/json-rows";
import { auditEvents } from "@/lib/db/schema";
import { chainMac, configuredAuditKeys } from "./audit-keys";
import { canonicalJson } from "./canonical-json";
import type { AuditAction } from "./event-sentences";

export const GENESIS_HASH = "0".repeat(64);

export interface AuditEventInput {
  actor: Actor;
  at: Date;
  orgId?: string | null;
  /** One of the event types with a sentence (lib/audit/event-sentences.ts). */
  action: AuditAction;
  subjectType: string;
  subjectId: string;
  reason?: string | null;
  data?: Record<string, unknown>;
}

type HashedEvent = {
  occurredAt: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  orgId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  reason: string | null;
  data: unknown;
};

/** The exact fields the hash covers, as published in an organisation's verifiable export. */
export function auditHashFields(event: HashedEvent) {
  return {
    occurredAt: event.occurredAt.toISOString(),
    actorType: event.actorType,
    actorId: event.actorId,
    actorLabel: event.actorLabel,
    orgId: event.orgId,
    action: event.action,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    reason: event.reason,
    data: event.data,
  };
}

/** What the hash covers, canonical; `audit:verify` recomputes it from a stored row. */
export function auditHashInput(event: HashedEvent): string {
  return canonicalJson(auditHashFields(event));
}

/** What the next event's MAC chains onto: the last MAC, or the public hash of an event from before the chain was keyed. */
export function previousMac(last: { hash: string; mac: string | null } | undefined): string {
  return last ? (last.mac ?? last.hash) : GENESIS_HASH;
}

export function chainHash(prevHash: string, canonicalEvent: string): string {
  return createHash("sha256").update(prevHash).update(canonicalEvent).digest("hex");
}

/**
 * Appends events to the hash chain, in the given order. Call it inside the transaction that makes
 * the change, so the change and its record commit together. The advisory lock serialises appenders
 * across processes (without it two writers could both chain onto the same previous hash); a batch
 * takes it once and reads the chain's head once, so a thousand events cost a few statements.
 */
export async function appendAuditEvents(tx: Executor, inputs: readonly AuditEventInput[]): Promise<void> {
  if (inputs.length === 0) return;
  const heldBack = held.get(tx);
  if (heldBack) {
    heldBack.push(...inputs);
    return;
  }
  const keys = configuredAuditKeys();
  const macKey = keys.key(keys.currentVersion)!;
  // Everything but the chaining is done before the lock: while this transaction holds it, every
  // other appender waits (a fleet rotation's batches queue here), so it covers only two digests per event.
  const events = inputs.map((input) => {
    const event = {
      occurredAt: input.at,
      actorType: input.actor.type,
      actorId: actorId(input.actor),
      actorLabel: actorLabel(input.actor),
      orgId: input.orgId ?? null,
      action: input.action,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      reason: input.reason ?? null,
      data: input.data ?? {},
    };
    return { event, canonical: auditHashInput(event) };
  });
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('rekey.audit'))`);
  const [last] = await tx
    .select({ hash: auditEvents.hash, mac: auditEvents.mac })
    .from(auditEvents)
    .orderBy(desc(auditEvents.id))
    .limit(1);
  let prevHash = last?.hash ?? GENESIS_HASH;
  let prevMac = previousMac(last);
  const rows = events.map(({ event, canonical }) => {
    const hash = chainHash(prevHash, canonical);
    const mac = chainMac(macKey, prevMac, hash);
    const row = { ...event, prevHash, hash, mac, macKeyVersion: keys.currentVersion };
    prevHash = hash;
    prevMac = mac;
    return row;
  });
  // Identity values follow insertion order, so the chain's order is the id order audit:verify walks.
  await insertRows(tx, auditEvents, rows);
}

const held = new WeakMap<Executor, AuditEventInput[]>();

/**
 * Runs `work` in the transaction `tx` with its audit events held back and appended together, in
 * order, when `work` is done. They still commit with the change; but the chain's lock is then held
 * only for that append and the commit, so transactions that write many events (a batch of worker
 * steps) do their other work side by side instead of one after another.
 */
export async function appendAuditEventsLast<T>(tx: Executor, work: () => Promise<T>): Promise<T> {
  const events: AuditEventInput[] = [];
  held.set(tx, events);
  try {
    const result = await work();
    held.delete(tx);
    await appendAuditEvents(tx, events);
    return result;
  } finally {
    held.delete(tx);
  }
}

export function appendAuditEvent(tx: Executor, input: AuditEventInput): Promise<void> {
  return appendAuditEvents(tx, [input]);
}
