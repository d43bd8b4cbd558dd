import type { z } from "zod";
import { appServices } from "@/lib/config/server";
import type { Actor, Ctx } from "@/lib/context";
import {
  ActivationPinRefused,
  DeviceRefused,
  signDeviceRefusal,
  type ApiCaller,
  type DeviceApiDeps,
} from "@/lib/devices";
import { handleJsonRoute, parseJsonBody } from "@/lib/http/json-route";
import { domainErrorResponse } from "@/lib/http/problem";
import { clientIdempotency } from "../client-idempotency";
import { limitClientCall } from "../limit-client-call";

const DEVICE_API_ACTOR: Actor = { type: "api", label: "device" };

/**
 * The one adapter for `/api/v1/devices/*`: JSON body through its schema, rate limits, the use
 * case, and its answer as JSON. A refusal is problem+json carrying a signed `token` with the
 * request's nonce (RFC 9457 §3.2 extension member), so clients end a lease only on a genuine "no".
 * Under Idempotency-Key (app/api/v1/client-idempotency.ts); a refusal is not remembered.
 */
export function deviceRoute<S extends z.ZodType<{ key: string; nonce?: string }>>(
  schema: S,
  action: string,
  run: (
    ctx: Ctx,
    input: z.output<S>,
    deps: DeviceApiDeps & { caller: ApiCaller },
  ) => Promise<{ body: object; status?: number }>,
) {
  return handleJsonRoute(
    async (request) => {
      const bodyText = await request.clone().text();
      const input = await parseJsonBody(request, schema);
      await limitClientCall(request, input.key);
      const now = new Date();
      const deps = {
        hasher: appServices().keySecrets().hasher,
        signer: await appServices().signing(),
        issuer: appServices().tokenIssuer,
        portalUrl: appServices().portalUrl,
        mailer: appServices().mailer,
        caller: { ip: appServices().clientIp(request.headers) },
      };
      try {
        return await clientIdempotency(request, bodyText, { key: input.key, now }, async () => {
          const { body, status = 200 } = await run(
            { db: await appServices().db(), now: () => now, actor: DEVICE_API_ACTOR },
            input,
            deps,
          );
          return Response.json(body, { status, headers: { "cache-control": "no-store" } });
        });
      } catch (error) {
        // Asking for the PIN is a question, not a verdict: unsigned, and it ends no lease.
        if (error instanceof ActivationPinRefused) {
          return domainErrorResponse(error, new URL(request.url).pathname, {
            unusualActivation: error.isUnusualActivation,
          });
        }
        if (!(error instanceof DeviceRefused)) throw error;
        const token = await signDeviceRefusal(
          { signer: deps.signer, issuer: deps.issuer, now },
          error,
          input.nonce ?? null,
        );
        return domainErrorResponse(error, new URL(request.url).pathname, { ...error.extensions, token });
      }
    },
    (error) => appServices().logger.error({ err: error }, `device ${action} failed`),
  );
}
