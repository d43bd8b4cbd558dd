import { checkoutFloatingLease } from "@/lib/devices";
import { deviceRequestSchema } from "@/lib/validations/api";
import { deviceRoute } from "../../devices/device-route";

export const dynamic = "force-dynamic";

/** POST /api/v1/leases/heartbeat — renew the floating seat this machine holds; never takes a new one. */
export const POST = deviceRoute(deviceRequestSchema, "lease heartbeat", async (ctx, input, deps) => {
  const { isNew: _, ...answer } = await checkoutFloatingLease(ctx, input, deps, { isRenewal: true });
  return { body: answer };
});
