import { eq } from "drizzle-orm";
import { type AuditAction, appendAuditEvent } from "@/lib/audit";
import { assertAdmin } from "@/lib/auth/require-admin";
import type { StaffCtx } from "@/lib/context";
import { vendorWebhookEndpoints } from "@/lib/db/schema";
import type {
  SetVendorEndpointEnabledInput,
  UpdateVendorEndpointEventsInput,
  VendorEndpointActionInput,
} from "@/lib/validations/vendor-webhooks";
import { findVendorEndpoint } from "./vendor-endpoint-store";

type Change = Partial<Pick<typeof vendorWebhookEndpoints.$inferInsert, "eventTypes" | "disabledAt">>;

/** One audited write to an endpoint's settings, behind a row lock so two admins' edits serialise. */
async function changeVendorEndpoint(
  ctx: StaffCtx,
  input: VendorEndpointActionInput,
  action: AuditAction,
  change: (endpoint: { eventTypes: string[]; disabledAt: Date | null }) => Change,
) {
  assertAdmin(ctx);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const endpoint = await findVendorEndpoint(tx, input.endpointId, { forUpdate: true });
    const values = change(endpoint);
    await tx
      .update(vendorWebhookEndpoints)
      .set({ ...values, updatedAt: now })
      .where(eq(vendorWebhookEndpoints.id, endpoint.id));
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      action,
      subjectType: "vendor_webhook",
      subjectId: endpoint.id,
      reason: input.reason,
      data: { url: endpoint.url, ...values, reasonCategory: input.reasonCategory },
    });
    return { endpointId: endpoint.id };
  });
}

/** Events already queued are still delivered; new ones follow the new subscription. */
export function updateVendorEndpointEvents(ctx: StaffCtx, input: UpdateVendorEndpointEventsInput) {
  return changeVendorEndpoint(ctx, input, "vendor_webhook.events_changed", () => ({
    eventTypes: [...new Set(input.eventTypes)],
  }));
}

/**
 * A disabled endpoint gets no new events; ones already queued wait (retried with back-off, shown
 * in its deliveries) and go out once it is enabled again, or are resent by hand.
 */
export function setVendorEndpointEnabled(ctx: StaffCtx, input: SetVendorEndpointEnabledInput) {
  return changeVendorEndpoint(
    ctx,
    input,
    input.isEnabled ? "vendor_webhook.enabled" : "vendor_webhook.disabled",
    (endpoint) => ({
      disabledAt: input.isEnabled ? null : (endpoint.disabledAt ?? ctx.now()),
    }),
  );
}
