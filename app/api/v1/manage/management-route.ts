import { createHash } from "node:crypto";
import { z } from "zod";
import { authenticateApiToken, recordApiTokenUse, requireApiScope } from "@/lib/api-tokens";
import { appServices } from "@/lib/config/server";
import { InvalidInput, NotFound } from "@/lib/errors";
import { withIdempotency } from "@/lib/http/idempotency";
import { handleJsonRoute, parseJsonBody } from "@/lib/http/json-route";
import { problemResponse } from "@/lib/http/problem";
import { MANAGEMENT_BASE_PATH, matchOperation, type ManagementOperation } from "@/lib/management/operations";
import { fieldErrorsFrom } from "@/lib/validations/field-errors";
import { AwaitingApproval, OPERATION_HANDLERS } from "./operation-handlers";

const pathId = z.uuid();

function segmentsOf(request: Request): string[] | null {
  const rest = new URL(request.url).pathname.slice(MANAGEMENT_BASE_PATH.length);
  try {
    return rest.split("/").filter(Boolean).map(decodeURIComponent);
  } catch {
    return null;
  }
}

function parseQuery(request: Request, operation: ManagementOperation) {
  if (!operation.query) return {};
  const parsed = operation.query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (parsed.success) return parsed.data;
  const fieldErrors = fieldErrorsFrom(parsed.error, "query");
  throw new InvalidInput(`Invalid query: check ${Object.keys(fieldErrors).join(", ")}.`, fieldErrors);
}

/** Path ids win over the body's, so a body cannot act on another object than the URL names. */
const withPathParams = (schema: z.ZodObject, params: Record<string, string>) =>
  z.preprocess(
    (body) => (body && typeof body === "object" && !Array.isArray(body) ? { ...body, ...params } : body),
    schema,
  );

/** RFC 9110 §8.8.3: a weak validator over the JSON answer; If-None-Match with it gets 304. */
function withEtag(request: Request, body: string): Response {
  const etag = `W/"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
  const headers = { etag, "cache-control": "private, no-cache" };
  const ifNoneMatch = request.headers.get("if-none-match");
  if (ifNoneMatch?.split(",").some((candidate) => candidate.trim() === etag || candidate.trim() === "*"))
    return new Response(null, { status: 304, headers });
  return new Response(body, { status: 200, headers: { ...headers, "content-type": "application/json" } });
}

/**
 * The one wrapper for every management API operation: find the operation, authenticate the token
 * (401), check its scope (403), parse the query or body with the operation's zod schema (400
 * naming each field), then call its one use case; writes run under Idempotency-Key. Errors are
 * problem+json with stable codes (lib/http/json-route.ts).
 */
export const managementRoute = handleJsonRoute(
  async (request) => {
    const segments = segmentsOf(request);
    const matched = segments && matchOperation(request.method, segments);
    if (!matched) throw new NotFound("No management API operation at this path.");
    if ("allowed" in matched) {
      return problemResponse(
        {
          title: "Method not allowed",
          status: 405,
          code: "METHOD_NOT_ALLOWED",
          detail: `Use ${matched.allowed.join(" or ")} here.`,
        },
        { allow: matched.allowed.join(", ") },
      );
    }
    const { operation, params } = matched;
    const now = new Date();
    const db = await appServices().db();
    const token = await authenticateApiToken(db, appServices().keySecrets().hasher, {
      authorization: request.headers.get("authorization"),
      now,
    });
    requireApiScope(token, operation.scope);
    // An id that cannot exist names nothing: the same 404 as an unknown one.
    if (Object.values(params).some((value) => !pathId.safeParse(value).success)) throw new NotFound("Not found.");
    const ctx = { db, now: () => now, actor: token.actor };
    const run = OPERATION_HANDLERS[operation.operationId];
    let response: Response;
    if (request.method === "GET") {
      response = withEtag(request, JSON.stringify(await run(ctx, parseQuery(request, operation), params)));
    } else {
      const bodyText = await request.clone().text();
      const input = await parseJsonBody(request, withPathParams(operation.body!, params));
      const answer = async () => {
        const result = await run(ctx, input, params);
        const isHeld = result instanceof AwaitingApproval;
        return Response.json(isHeld ? result.answer : result, {
          status: isHeld ? 202 : (operation.successStatus ?? 200),
          headers: { "cache-control": "no-store" },
        });
      };
      response = operation.isAnswerSecret
        ? await answer()
        : await withIdempotency(request, bodyText, { db, now, callerScope: `api-token:${token.id}` }, answer);
    }
    // Bookkeeping: a failure to note the use must not turn a done write into an error.
    if (response.status < 400)
      await recordApiTokenUse(db, token.id, { now, from: appServices().clientIp(request.headers) }).catch(
        (error: unknown) => appServices().logger.warn({ err: error }, "could not record API token use"),
      );
    return response;
  },
  (error) => appServices().logger.error({ err: error }, "management API call failed"),
);
