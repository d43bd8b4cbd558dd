import { checkoutFloatingLease } from "@/lib/devices";
import { checkoutLeaseRequestSchema } from "@/lib/validations/api";
import { deviceRoute } from "../../devices/device-route";

export const dynamic = "force-dynamic";

/** POST /api/v1/leases/checkout — take a floating seat (or borrow it offline): 201 for a new lease, 200 for the one held. */
export const POST = deviceRoute(checkoutLeaseRequestSchema, "lease checkout", async (ctx, input, deps) => {
  const { isNew, ...answer } = await checkoutFloatingLease(ctx, input, deps);
  return { body: answer, status: isNew ? 201 : 200 };
});
