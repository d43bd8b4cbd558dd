import {
  authenticateCustomerApiToken,
  type CustomerApiCaller,
  recordApiTokenUse,
  requireCustomerScope,
} from "@/lib/api-tokens";
import { appServices } from "@/lib/config/server";
import { NotFound } from "@/lib/errors";
import { withIdempotency } from "@/lib/http/idempotency";
import { handleJsonRoute } from "@/lib/http/json-route";
import type { CustomerApiTokenScope } from "@/lib/validations/customer-api-tokens";
import { licenseIdSchema } from "@/lib/validations/licenses";

export const CUSTOMER_API_BASE_PATH = "/api/v1/customer";

/** `/api/v1/customer/licenses/{licenseId}/…`: a malformed id names nothing, the same 404 as another organization's. */
export function licenseIdOf(request: Request): string {
  const licenseId = new URL(request.url).pathname.slice(CUSTOMER_API_BASE_PATH.length).split("/")[2] ?? "";
  if (!licenseIdSchema.safeParse(licenseId).success) throw new NotFound("License not found.");
  return licenseId;
}

/**
 * The one wrapper of every customer API route (issue 17): rate limit by address and token, an
 * organization's token (401 otherwise), its scope (403), then the handler with the token's
 * organization context. A license outside that organization is a 404 in the use cases, as in the
 * portal. Answers are never cached: they can hold keys. Errors are problem+json with stable codes.
 */
export function customerRoute(
  scope: CustomerApiTokenScope,
  handler: (caller: CustomerApiCaller, request: Request) => Promise<Response>,
) {
  return handleJsonRoute(
    async (request) => {
      const services = appServices();
      const from = services.clientIp(request.headers);
      await services.consumeApiCall({ ip: from });
      const now = new Date();
      const db = await services.db();
      const caller = await authenticateCustomerApiToken(db, services.keySecrets().hasher, {
        authorization: request.headers.get("authorization"),
        now,
      });
      requireCustomerScope(caller, scope);
      const response = await handler(caller, request);
      response.headers.set("cache-control", "no-store");
      // Bookkeeping: a failure to note the use must not turn a done call into an error.
      if (response.status < 400)
        await recordApiTokenUse(db, caller.tokenId, { now, from }).catch((error: unknown) =>
          services.logger.warn({ err: error }, "could not record API token use"),
        );
      return response;
    },
    (error) => appServices().logger.error({ err: error }, "customer API call failed"),
  );
}

/**
 * A changing call under Idempotency-Key (DESIGN.md §5), per token: a pipeline step retried after a
 * timeout replays the first answer instead of rotating or postponing twice.
 */
export async function idempotently(
  { ctx, tokenId }: CustomerApiCaller,
  request: Request,
  run: () => Promise<Response>,
): Promise<Response> {
  const bodyText = await request.clone().text();
  return withIdempotency(request, bodyText, { db: ctx.db, now: ctx.now(), callerScope: `api-token:${tokenId}` }, run);
}
