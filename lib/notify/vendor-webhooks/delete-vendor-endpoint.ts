import { eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import { assertAdmin } from "@/lib/auth/require-admin";
import type { StaffCtx } from "@/lib/context";
import { vendorWebhookEndpoints } from "@/lib/db/schema";
import type { VendorEndpointActionInput } from "@/lib/validations/vendor-webhooks";
import { findVendorEndpoint } from "./vendor-endpoint-store";

/** Deleting an endpoint drops its queued and past deliveries with it (outbox cascade); the audit trail keeps that it existed. */
export async function deleteVendorEndpoint(ctx: StaffCtx, input: VendorEndpointActionInput) {
  assertAdmin(ctx);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const endpoint = await findVendorEndpoint(tx, input.endpointId, { forUpdate: true });
    await tx.delete(vendorWebhookEndpoints).where(eq(vendorWebhookEndpoints.id, endpoint.id));
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      action: "vendor_webhook.deleted",
      subjectType: "vendor_webhook",
      subjectId: endpoint.id,
      reason: input.reason,
      data: { url: endpoint.url, reasonCategory: input.reasonCategory },
    });
    return { endpointId: endpoint.id, url: endpoint.url };
  });
}
