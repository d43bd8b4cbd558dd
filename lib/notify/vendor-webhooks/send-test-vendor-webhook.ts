import { appendAuditEvent } from "@/lib/audit";
import { assertAdmin } from "@/lib/auth/require-admin";
import type { StaffCtx } from "@/lib/context";
import type { MasterKeyRing } from "@/lib/crypto";
import type { OutgoingHttp } from "@/lib/net";
import { postTestWebhook } from "../webhooks";
import { findVendorEndpoint, signingSecrets } from "./vendor-endpoint-store";

/** Sends a signed `webhook.test` event now, with every signature a real event would carry (both during a roll's overlap). */
export async function sendTestVendorWebhook(
  ctx: StaffCtx,
  { endpointId }: { endpointId: string },
  { ring, outgoing }: { ring: MasterKeyRing; outgoing: OutgoingHttp },
) {
  assertAdmin(ctx);
  const endpoint = await findVendorEndpoint(ctx.db, endpointId);
  const now = ctx.now();
  await postTestWebhook(
    { url: endpoint.url, secrets: signingSecrets(ring, endpoint, now), now, data: { endpointId: endpoint.id } },
    { outgoing },
  );
  await ctx.db.transaction((tx) =>
    appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      action: "vendor_webhook.tested",
      subjectType: "vendor_webhook",
      subjectId: endpoint.id,
      data: { url: endpoint.url },
    }),
  );
  return { endpointId: endpoint.id };
}
