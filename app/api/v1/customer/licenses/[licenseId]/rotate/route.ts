import { appServices } from "@/lib/config/server";
import { parseJsonBody } from "@/lib/http/json-route";
import { getEffectiveRotationPreference, rotateNow } from "@/lib/rotation";
import { DEFAULT_OVERLAP_MINUTES } from "@/lib/validations/choices";
import { customerRotateSchema } from "@/lib/validations/customer-api-tokens";
import { customerRoute, idempotently, licenseIdOf } from "../../../customer-route";

export const dynamic = "force-dynamic";

/**
 * Rotate now (`rekey rotate`): a new key at once, the old one valid for the overlap, which is the
 * license's rotation preference unless the body names one.
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
    const rotation = await rotateNow(
      ctx,
      { licenseId, overlapMinutes, reason: input.reason },
      { secrets: appServices().keySecrets() },
    );
    return Response.json({
      licenseId,
      rotationId: rotation.id,
      state: rotation.state,
      oldKeyValidUntil: rotation.overlapEndsAt?.toISOString() ?? null,
    });
  });
});
