import "server-only";
import type { z } from "zod";
import { appServices } from "@/lib/config/server";
import { Conflict, DomainError, InvalidInput, isFrameworkSignal, NotFound, Unauthenticated } from "@/lib/errors";
import { authenticateScimToken, type ScimCtx } from "@/lib/identity";
import { fieldErrorsFrom } from "@/lib/validations/field-errors";
import { nulCharacterErrors } from "@/lib/validations/text";

const SCIM_ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
const SCIM_CONTENT_TYPE = "application/scim+json";

export const scimJson = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": SCIM_CONTENT_TYPE, ...headers } });

/** RFC 7644 §3.12: every error in SCIM's own shape, `status` as a string, `scimType` where one fits. */
function scimError(status: number, detail: string, scimType?: string, headers?: Record<string, string>) {
  return scimJson(
    status,
    { schemas: [SCIM_ERROR_SCHEMA], status: String(status), ...(scimType ? { scimType } : {}), detail },
    headers,
  );
}

/** Bad input names its fields (RFC 7644 §3.12 `invalidValue`, `invalidFilter`, `invalidSyntax`); the body is not echoed. */
class ScimBadRequest extends Error {
  constructor(
    readonly detail: string,
    readonly scimType: string,
  ) {
    super(detail);
  }
}

function invalid(fieldErrors: Record<string, string[]>, scimType = "invalidValue"): never {
  const detail = Object.entries(fieldErrors)
    .map(([field, messages]) => `${field}: ${messages.join(" ")}`)
    .join("; ");
  throw new ScimBadRequest(detail, scimType);
}

export async function parseScimBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  if (!/json/i.test(request.headers.get("content-type") ?? ""))
    invalid({ body: ["Send application/scim+json (or application/json)."] }, "invalidSyntax");
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    invalid({ body: ["Not valid JSON."] }, "invalidSyntax");
  }
  const nulErrors = nulCharacterErrors(body);
  if (Object.keys(nulErrors).length > 0) invalid(nulErrors);
  const parsed = schema.safeParse(body);
  if (!parsed.success) invalid(fieldErrorsFrom(parsed.error, "body"));
  return parsed.data;
}

export function parseScimQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const parsed = schema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    const fieldErrors = fieldErrorsFrom(parsed.error, "query");
    invalid(fieldErrors, "filter" in fieldErrors ? "invalidFilter" : "invalidValue");
  }
  return parsed.data;
}

/** `meta.location` (RFC 7643 §3.1) from REKEY_PUBLIC_URL. */
export const withLocation = <T extends { id: string; meta: object }>(user: T) => ({
  ...user,
  meta: { ...user.meta, location: appServices().publicUrl(`/scim/v2/Users/${user.id}`) },
});

/** Authenticates the organization's directory by its token, runs the handler, answers errors the SCIM way. */
export function scimRoute<P>(handler: (ctx: ScimCtx, request: Request, params: P) => Promise<Response>) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const services = appServices();
      const ctx = await authenticateScimToken(await services.db(), new Date(), request.headers.get("authorization"), {
        hasher: services.keySecrets().hasher,
      });
      return await handler(ctx, request, await context.params);
    } catch (error) {
      if (isFrameworkSignal(error)) throw error;
      if (error instanceof Unauthenticated)
        return scimError(401, error.userMessage, undefined, { "www-authenticate": 'Bearer realm="scim"' });
      if (error instanceof ScimBadRequest) return scimError(400, error.detail, error.scimType);
      if (error instanceof InvalidInput) return scimError(400, error.userMessage, "invalidValue");
      if (error instanceof NotFound) return scimError(404, error.userMessage);
      if (error instanceof Conflict) return scimError(409, error.userMessage, "uniqueness");
      if (error instanceof DomainError) return scimError(error.status, error.userMessage);
      appServices().logger.error({ err: error }, "SCIM request failed");
      return scimError(500, "Something went wrong on our side. Nothing was changed; please retry.");
    }
  };
}
