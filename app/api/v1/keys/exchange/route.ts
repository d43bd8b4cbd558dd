import { KEY_EXCHANGE_TOKEN_AUDIENCE } from "@rekey/sdk";
import { appServices } from "@/lib/config/server";
import { handleJsonRoute, parseJsonBody } from "@/lib/http/json-route";
import { exchangeKey } from "@/lib/rotation";
import { candidateScopes } from "@/lib/signing";
import { exchangeKeyRequestSchema, type ExchangeKeyResponse } from "@/lib/validations/api";
import { limitClientCall } from "../../limit-client-call";

export const dynamic = "force-dynamic";

/** POST /api/v1/keys/exchange — token bridging: the old key, during a rotation, for the new one. */
export const POST = handleJsonRoute(
  async (request) => {
    const input = await parseJsonBody(request, exchangeKeyRequestSchema);
    await limitClientCall(request, input.key);
    const secrets = appServices().keySecrets();
    const now = new Date();
    const exchanged = await exchangeKey(
      { db: await appServices().db(), now: () => now, actor: { type: "system", label: "api:key-exchange" } },
      { key: input.key },
      { secrets },
    );
    const meta = { nonce: input.nonce ?? null, ts: now.toISOString() };
    const iat = Math.floor(now.getTime() / 1000);
    const { token } = await (await appServices().signing()).sign(
      {
        licenseId: exchanged.licenseId,
        newKeyPrefix: exchanged.newKeyPrefix,
        newKeySha256: exchanged.newKeySha256,
        oldKeyRetiresAt: exchanged.oldKeyRetiresAt,
        meta,
        iss: appServices().publicUrl("/"),
        aud: KEY_EXCHANGE_TOKEN_AUDIENCE,
        iat,
        exp: iat + 300,
      },
      { scopes: candidateScopes(exchanged.scopes.productId, exchanged.scopes.editionId) },
    );
    const body = {
      licenseId: exchanged.licenseId,
      newKey: exchanged.newKey,
      oldKeyRetiresAt: exchanged.oldKeyRetiresAt,
      meta,
      token,
    } satisfies ExchangeKeyResponse;
    return Response.json(body, { headers: { "cache-control": "no-store" } });
  },
  (error) => appServices().logger.error({ err: error }, "key exchange failed"),
);
