import { appServices } from "@/lib/config/server";
import { recordDevicePresentation } from "@/lib/devices";
import { handleJsonRoute, parseJsonBody } from "@/lib/http/json-route";
import { readClientJwksReport } from "@/lib/health";
import {
  answerValidation,
  findLicenseByPresentedKey,
  presentLicenseKey,
  signValidationResponse,
} from "@/lib/licensing";
import { validateRequestSchema } from "@/lib/validations/api";
import { limitClientCall } from "../../limit-client-call";

export const dynamic = "force-dynamic";

export const POST = handleJsonRoute(
  async (request) => {
    const input = await parseJsonBody(request, validateRequestSchema);
    const { hasher } = appServices().keySecrets();
    // One parse and one keyed digest serve both the rate limit and the lookup (issue 21), and the
    // two go to the database side by side rather than one after the other: the lookup only reads,
    // and nothing is answered, counted or signed for a call the limit refuses.
    const presented = presentLicenseKey(hasher, input.key);
    const db = await appServices().validationDb();
    const [, row] = await Promise.all([limitClientCall(request, presented), findLicenseByPresentedKey(db, presented)]);
    const now = new Date();
    const result = await answerValidation(db, input, row, { hasher, now, portalUrl: appServices().portalUrl });
    // Once per device and change (issue 16, item 9): the adoption view learns this device's key and version.
    const { deviceToNote, licenseKeyId } = result.subject ?? {};
    if (deviceToNote && licenseKeyId)
      await recordDevicePresentation(await appServices().db(), {
        deviceId: deviceToNote,
        licenseKeyId,
        clientVersion: input.clientVersion,
        at: now,
      }).catch((error: unknown) =>
        appServices().logger.warn({ err: error }, "could not note the key a device presented"),
      );
    appServices().validationTelemetry.record({
      at: now,
      code: result.code,
      licenseId: result.subject?.licenseId ?? null,
      licenseKeyId: result.subject?.licenseKeyId ?? null,
      productId: result.signingScopes?.productId ?? null,
      clientJwks: readClientJwksReport(request.headers),
    });
    const body = await signValidationResponse(await appServices().signing(), result, {
      nonce: input.nonce ?? null,
      now,
      issuer: appServices().tokenIssuer,
    });
    return Response.json(body, { headers: { "cache-control": "no-store" } });
  },
  (error) => appServices().logger.error({ err: error }, "validate failed"),
);
