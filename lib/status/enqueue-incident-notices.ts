import { isNotNull } from "drizzle-orm";
import type { KeyedHasher } from "@/lib/crypto";
import type { Tx } from "@/lib/db";
import { outbox, statusSubscribers } from "@/lib/db/schema";
import { statusIncidentEmail } from "@/lib/notify";
import { INCIDENT_IMPACT_LABELS, INCIDENT_STATE_LABELS, type IncidentImpact } from "./status-labels";
import type { IncidentState } from "./incident-transitions";
import { unsubscribeUrl } from "./subscriber-links";

export interface StatusDeps {
  hasher: KeyedHasher;
  portalUrl: string;
}

/**
 * One outbox email per confirmed subscriber for one incident update, in the caller's transaction:
 * the update and its notices commit together, the worker delivers them at least once, and the
 * dedupe key makes a retried post a no-op.
 */
export async function enqueueIncidentNotices(
  tx: Tx,
  {
    updateId,
    title,
    state,
    impact,
    message,
    now,
  }: { updateId: string; title: string; state: IncidentState; impact: IncidentImpact; message: string; now: Date },
  { hasher, portalUrl }: StatusDeps,
): Promise<number> {
  const subscribers = await tx
    .select({ id: statusSubscribers.id, email: statusSubscribers.email })
    .from(statusSubscribers)
    .where(isNotNull(statusSubscribers.verifiedAt));
  if (subscribers.length === 0) return 0;
  await tx
    .insert(outbox)
    .values(
      subscribers.map((subscriber) => ({
        kind: "email" as const,
        dedupeKey: `status-update:${updateId}:${subscriber.id}`,
        payload: statusIncidentEmail({
          to: subscriber.email,
          title,
          stateLabel: INCIDENT_STATE_LABELS[state],
          impactLabel: INCIDENT_IMPACT_LABELS[impact],
          message,
          statusUrl: `${portalUrl}/status`,
          unsubscribeUrl: unsubscribeUrl(portalUrl, hasher, subscriber.id),
        }),
        status: "pending" as const,
        nextAttemptAt: now,
        createdAt: now,
      })),
    )
    .onConflictDoNothing({ target: outbox.dedupeKey });
  return subscribers.length;
}
