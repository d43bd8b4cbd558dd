import { eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { StaffCtx } from "@/lib/context";
import { statusIncidents, statusIncidentUpdates } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import type { StaffReason } from "@/lib/validations/staff";
import { enqueueIncidentNotices, type StatusDeps } from "./enqueue-incident-notices";
import { type IncidentState, isResolved, transitionIncident } from "./incident-transitions";

export interface PostIncidentUpdateInput extends StaffReason {
  incidentId: string;
  /** The incident's state after this update; `resolved` resolves it. */
  state: IncidentState;
  message: string;
}

/** A new public update on an incident (and its new state); subscribers get it through the outbox. */
export async function postIncidentUpdate(ctx: StaffCtx, input: PostIncidentUpdateInput, deps: StatusDeps) {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [incident] = await tx
      .select()
      .from(statusIncidents)
      .where(eq(statusIncidents.id, input.incidentId))
      .for("update");
    if (!incident) throw new NotFound("Incident not found.");
    await transitionIncident(tx, incident, input.state, now);
    const [update] = await tx
      .insert(statusIncidentUpdates)
      .values({
        incidentId: incident.id,
        state: input.state,
        message: input.message,
        postedAt: now,
        postedBy: ctx.actor.userId,
      })
      .returning({ id: statusIncidentUpdates.id });
    const notified = await enqueueIncidentNotices(
      tx,
      {
        updateId: update!.id,
        title: incident.title,
        state: input.state,
        impact: incident.impact,
        message: input.message,
        now,
      },
      deps,
    );
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      action: isResolved(input) ? "status_incident.resolved" : "status_incident.updated",
      subjectType: "status_incident",
      subjectId: incident.id,
      reason: input.reason,
      data: {
        reasonCategory: input.reasonCategory,
        from: incident.state,
        to: input.state,
        updateId: update!.id,
        subscribersNotified: notified,
      },
    });
    return { updateId: update!.id, subscribersNotified: notified };
  });
}
