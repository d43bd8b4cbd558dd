import { appServices } from "@/lib/config/server";
import { parseJsonBody } from "@/lib/http/json-route";
import { getEffectiveRotationPreference, rotateNow, scheduleRotation } from "@/lib/rotation";
import { DEFAULT_OVERLAP_MINUTES } from "@/lib/validations/choices";
import { customerRotateSchema } from "@/lib/validations/customer-api-tokens";
import { customerRoute, idempotently, licenseIdOf } from "../../../customer-route";

export const dynamic = "force-dynamic";

/**
 * Rotate now (`rekey rotate`): a new key at once, the old one valid for the overlap, which is the
 * license's rotation preference unless the body names one. With `at` (`rekey rotate --at`), the
 * license's rotation happens at that time instead, within the product's policy.
 */
export const POST = customerRoute("rotations:write", async (caller, request) => {
  const { ctx } = caller;
  const licenseId = licenseIdOf(request);
  const input = await parseJsonBody(request.clone(), customerRotateSchema);
  return idempotently(caller, request, async () => {
    const overlapMinutes =
      input.overlapMinutes ??
      (await getEffectiveRotationPreference(ctx, licenseId))?.overlapMinutes ??
      DEFAULT_OVERLAP_MINUTES;
    const rotation = input.at
      ? await scheduleRotation(ctx, { licenseId, at: new Date(input.at), overlapMinutes, reason: input.reason })
      : await rotateNow(
          ctx,
          { licenseId, overlapMinutes, reason: input.reason },
          { secrets: appServices().keySecrets() },
        );
    return Response.json({
      licenseId,
      rotationId: rotation.id,
      state: rotation.state,
      scheduledFor: rotation.scheduledFor.toISOString(),
      oldKeyValidUntil: rotation.overlapEndsAt?.toISOString() ?? null,
    });
  });
});
