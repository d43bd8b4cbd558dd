import { and, eq } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { statusIncidents } from "@/lib/db/schema";
import { Conflict } from "@/lib/errors";
import { assertTransition, defineMachine, isVendorSide, type TransitionTable } from "@/lib/state-machine";

export type IncidentState = (typeof statusIncidents.state.enumValues)[number];
export type Incident = typeof statusIncidents.$inferSelect;

/**
 * investigating → identified → monitoring → resolved, with steps back when a fix did not hold.
 * A resolved incident stays resolved: a recurrence is a new incident with its own timeline.
 */
export const incidentTransitions: TransitionTable<IncidentState> = {
  investigating: ["identified", "monitoring", "resolved"],
  identified: ["investigating", "monitoring", "resolved"],
  monitoring: ["investigating", "identified", "resolved"],
  resolved: [],
};

/** A resolved incident stays resolved: a recurrence is a new incident. */
export function isResolved(incident: Pick<Incident, "state">): boolean {
  return incident.state === "resolved";
}

/** Staff post updates (and move the state) on an incident until it is resolved. */
export const incidentMachine = defineMachine({
  transitions: incidentTransitions,
  stateOf: (incident: Pick<Incident, "state">) => incident.state,
  actions: {
    postUpdate: {
      from: ["investigating", "identified", "monitoring"],
      allowed: isVendorSide,
      refuse: () => new Conflict("This incident is resolved. Open a new incident if the problem is back."),
    },
  },
});

/** The only place an incident changes state; posting an update in the same state is allowed. */
export async function transitionIncident(
  tx: Tx,
  incident: Pick<Incident, "id" | "state">,
  to: IncidentState,
  now: Date,
): Promise<void> {
  if (to === incident.state) {
    if (isResolved(incident)) throw incidentMachine.actions.postUpdate.refuse(incident.state, incident);
    await tx.update(statusIncidents).set({ updatedAt: now }).where(eq(statusIncidents.id, incident.id));
    return;
  }
  assertTransition(incidentTransitions, incident.state, to, "This incident");
  const updated = await tx
    .update(statusIncidents)
    .set({ state: to, updatedAt: now, resolvedAt: to === "resolved" ? now : null })
    .where(and(eq(statusIncidents.id, incident.id), eq(statusIncidents.state, incident.state)))
    .returning({ id: statusIncidents.id });
  if (updated.length === 0)
    throw new Conflict("This incident changed while you were editing it; reload and try again.");
}
