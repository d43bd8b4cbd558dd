import { and, eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { floatingLeases } from "@/lib/db/schema";
import { Conflict } from "@/lib/errors";
import { assertTransition, defineMachine, isOwnerOrVendor, type TransitionTable } from "@/lib/state-machine";

export type FloatingLeaseStatus = (typeof floatingLeases.status.enumValues)[number];
export type FloatingLease = typeof floatingLeases.$inferSelect;

/**
 * held → released (returned by the client, released by the customer's owner, or support). A held
 * lease whose `expiresAt` has passed stays `held` in storage but holds no seat: counting only
 * unexpired leases frees a crashed client's seat without a worker (issue 18).
 */
export const floatingLeaseTransitions: TransitionTable<FloatingLeaseStatus> = {
  held: ["released"],
  released: [],
};

/** A lease that holds one of the license's concurrent seats at `now`. */
export function holdsFloatingSeat(lease: Pick<FloatingLease, "status" | "expiresAt">, now: Date): boolean {
  return lease.status === "held" && lease.expiresAt > now;
}

export const floatingLeaseMachine = defineMachine({
  transitions: floatingLeaseTransitions,
  stateOf: (lease: Pick<FloatingLease, "status">) => lease.status,
  actions: {
    release: {
      from: ["held"],
      allowed: isOwnerOrVendor,
      refuse: () => new Conflict("This lease was released already."),
      forbidden: "Only an owner of the organization can release a lease.",
    },
  },
});

/**
 * The only place a lease changes status: guarded `WHERE status = from` update and its audit event,
 * recorded against the license so it reads in the license's activity.
 */
export async function releaseLease(
  tx: Tx,
  ctx: Ctx,
  lease: FloatingLease,
  { orgId, reason }: { orgId: string; reason: string },
): Promise<FloatingLease> {
  assertTransition(floatingLeaseTransitions, lease.status, "released", "This lease");
  const now = ctx.now();
  const [released] = await tx
    .update(floatingLeases)
    .set({ status: "released", releasedAt: now })
    .where(and(eq(floatingLeases.id, lease.id), eq(floatingLeases.status, lease.status)))
    .returning();
  if (!released) throw new Conflict("This lease changed while we were working on it; refresh and try again.");
  await appendAuditEvent(tx, {
    actor: ctx.actor,
    at: now,
    orgId,
    action: "floating_lease.released",
    subjectType: "license",
    subjectId: lease.licenseId,
    reason,
    data: { leaseId: lease.id, holderName: lease.holderName, kind: lease.kind, wasHeldUntil: lease.expiresAt },
  });
  return released;
}
