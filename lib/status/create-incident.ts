import { appendAuditEvent } from "@/lib/audit";
import type { StaffCtx } from "@/lib/context";
import { statusIncidents, statusIncidentUpdates } from "@/lib/db/schema";
import type { StaffReason } from "@/lib/validations/staff";
import type { StatusComponentKey } from "./components";
import { enqueueIncidentNotices, type StatusDeps } from "./enqueue-incident-notices";
import type { IncidentImpact } from "./status-labels";

export interface CreateIncidentInput extends StaffReason {
  title: string;
  impact: IncidentImpact;
  components: StatusComponentKey[];
  /** The first public update: what customers see and are emailed. */
  message: string;
}

/** Staff open an incident on the public status page; subscribers are told through the outbox. */
export async function createIncident(ctx: StaffCtx, input: CreateIncidentInput, deps: StatusDeps) {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [incident] = await tx
      .insert(statusIncidents)
      .values({
        title: input.title,
        impact: input.impact,
        components: input.components,
        state: "investigating",
        startedAt: now,
        createdBy: ctx.actor.userId,
        updatedAt: now,
      })
      .returning();
    const [update] = await tx
      .insert(statusIncidentUpdates)
      .values({
        incidentId: incident!.id,
        state: "investigating",
        message: input.message,
        postedAt: now,
        postedBy: ctx.actor.userId,
      })
      .returning({ id: statusIncidentUpdates.id });
    const notified = await enqueueIncidentNotices(
      tx,
      {
        updateId: update!.id,
        title: input.title,
        state: "investigating",
        impact: input.impact,
        message: input.message,
        now,
      },
      deps,
    );
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      action: "status_incident.created",
      subjectType: "status_incident",
      subjectId: incident!.id,
      reason: input.reason,
      data: {
        reasonCategory: input.reasonCategory,
        title: input.title,
        impact: input.impact,
        components: input.components,
        subscribersNotified: notified,
      },
    });
    return { incident: incident!, subscribersNotified: notified };
  });
}
