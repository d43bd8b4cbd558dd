import { postponeRotation } from "@/lib/rotation";
import { customerRoute, idempotently, licenseIdOf } from "../../../customer-route";

export const dynamic = "force-dynamic";

/** Postpones the license's next planned rotation by one window, within the policy's limit. */
export const POST = customerRoute("rotations:write", async (caller, request) => {
  const licenseId = licenseIdOf(request);
  return idempotently(caller, request, async () => {
    const postponed = await postponeRotation(caller.ctx, { licenseId });
    return Response.json({ licenseId, scheduledFor: postponed.scheduledFor.toISOString() });
  });
});
