"use server";

import { revalidatePath } from "next/cache";
import { staffAction } from "@/lib/auth/action";
import { appServices } from "@/lib/config/server";
import {
  createVendorEndpoint,
  deleteVendorEndpoint,
  resendVendorDelivery,
  rollVendorEndpointSecret,
  sendTestVendorWebhook,
  setVendorEndpointEnabled,
  updateVendorEndpointEvents,
} from "@/lib/notify/vendor-webhooks";
import {
  createVendorEndpointSchema,
  resendVendorDeliverySchema,
  rollVendorEndpointSecretSchema,
  setVendorEndpointEnabledSchema,
  updateVendorEndpointEventsSchema,
  vendorEndpointActionSchema,
  vendorEndpointIdSchema,
} from "@/lib/validations/vendor-webhooks";

/** The vendor's own systems hear about every customer: admin work, like API tokens. */
const admin = { role: "admin" } as const;
const refresh = () => revalidatePath("/admin/webhooks");

// The secret crosses to the browser exactly once, in this answer; it is never stored in the clear or logged.
export const createVendorEndpointAction = staffAction(
  createVendorEndpointSchema,
  async (ctx, input) => {
    const { url, secret } = await createVendorEndpoint(ctx, input, {
      ring: appServices().keySecrets().ring,
      outgoing: appServices().outgoingHttp,
    });
    refresh();
    return { url, secret };
  },
  admin,
);

export const updateVendorEndpointEventsAction = staffAction(
  updateVendorEndpointEventsSchema,
  async (ctx, input) => {
    const result = await updateVendorEndpointEvents(ctx, input);
    refresh();
    return result;
  },
  admin,
);

export const setVendorEndpointEnabledAction = staffAction(
  setVendorEndpointEnabledSchema,
  async (ctx, input) => {
    const result = await setVendorEndpointEnabled(ctx, input);
    refresh();
    return result;
  },
  admin,
);

export const deleteVendorEndpointAction = staffAction(
  vendorEndpointActionSchema,
  async (ctx, input) => {
    const result = await deleteVendorEndpoint(ctx, input);
    refresh();
    return result;
  },
  admin,
);

export const rollVendorEndpointSecretAction = staffAction(
  rollVendorEndpointSecretSchema,
  async (ctx, input) => {
    const { url, secret, oldSecretValidUntil } = await rollVendorEndpointSecret(ctx, input, {
      ring: appServices().keySecrets().ring,
    });
    refresh();
    return { url, secret, oldSecretValidUntil: oldSecretValidUntil.toISOString() };
  },
  admin,
);

export const sendTestVendorWebhookAction = staffAction(
  vendorEndpointIdSchema,
  (ctx, input) =>
    sendTestVendorWebhook(ctx, input, { ring: appServices().keySecrets().ring, outgoing: appServices().outgoingHttp }),
  admin,
);

export const resendVendorDeliveryAction = staffAction(
  resendVendorDeliverySchema,
  async (ctx, input) => {
    const result = await resendVendorDelivery(ctx, input);
    refresh();
    return result;
  },
  admin,
);
