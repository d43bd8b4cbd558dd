import { clientIp } from "@/lib/auth/sign-in-limits";
import { consumeApiCall, getDb, getKeySecrets, getSigningService, logger, publicUrl } from "@/lib/config/server";
import { handleJsonRoute, parseJsonBody } from "@/lib/http/json-route";
import { parseLicenseKey, signValidationResponse, validateLicenseKey } from "@/lib/licensing";
import { validateRequestSchema } from "@/lib/validations/api";

export const dynamic = "force-dynamic";

export const POST = handleJsonRoute(
  async (request) => {
    const input = await parseJsonBody(request, validateRequestSchema);
    const { hasher } = getKeySecrets();
    const parsedKey = parseLicenseKey(input.key);
    await consumeApiCall({ ip: clientIp(request.headers), keyDigest: hasher.digest("license-key", parsedKey.ok ? parsedKey.canonical : input.key) });
    const now = new Date();
    const result = await validateLicenseKey(await getDb(), input, { hasher, now, portalUrl: publicUrl("/").replace(/\/$/, "") });
    const body = await signValidationResponse(await getSigningService(), result, { nonce: input.nonce ?? null, now, issuer: publicUrl("/") });
    return Response.json(body, { headers: { "cache-control": "no-store" } });
  },
  (error) => logger.error({ err: error }, "validate failed"),
);
