/**
 * The parts of talking to the portal that every signed endpoint shares: telling "no answer" apart
 * from "a refusal" and from "an answer", and believing an answer only through its signed token.
 * The unsigned JSON around a token could come from anything between the client and the portal (a
 * proxy, a captive portal, a hosts-file redirect), so callers read their facts from the token.
 */
import { errors, jwtVerify, type JWTPayload } from "jose";
import { isRecord } from "./is-record.ts";
import { JwksUnavailableError, SIGNING_ALGORITHMS, UnknownKeyIdError, type JwksCache } from "./jwks-cache.ts";
import type { Problem } from "./validate-online.ts";

/** No trustworthy answer; `detail` is for logs and never contains what the client sent. */
export type PortalFailure =
  | { ok: false; reason: "unreachable"; detail: string; status?: number }
  | { ok: false; reason: "rate_limited"; detail: string; retryAfterSeconds: number | null }
  | { ok: false; reason: "bad_signature"; detail: string };

export type PortalAnswer =
  | { kind: "answered"; headers: Headers; body: Record<string, unknown> }
  | { kind: "not_modified"; headers: Headers }
  | { kind: "refused"; problem: Problem }
  | { kind: "failed"; failure: PortalFailure };

export interface PortalRequestOptions {
  fetch: typeof globalThis.fetch;
  now: () => Date;
  timeoutMs: number;
  /** The endpoint answers 204 for "nothing for you" (the update check): then an empty body is the answer. */
  isNoContentAnAnswer?: boolean;
}

/** Sends one request and sorts the outcome; a signed body still has to be read with `verifyPortalToken`. */
export async function requestPortal(
  url: string,
  init: RequestInit,
  { fetch, now, timeoutMs, isNoContentAnAnswer = false }: PortalRequestOptions,
): Promise<PortalAnswer> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    return failed({
      ok: false,
      reason: "unreachable",
      detail: `The portal could not be reached: ${describeError(error)}`,
    });
  }

  if (response.status === 304) return { kind: "not_modified", headers: response.headers };
  if (response.status === 204 && isNoContentAnAnswer) return { kind: "answered", headers: response.headers, body: {} };
  if (response.status === 429) {
    const retryAfterSeconds = parseRetryAfter(response.headers.get("retry-after"), now());
    return failed({
      ok: false,
      reason: "rate_limited",
      detail: "The portal is rate limiting this client.",
      retryAfterSeconds,
    });
  }
  if (response.status >= 500) {
    return failed({
      ok: false,
      reason: "unreachable",
      detail: `The portal answered ${response.status}.`,
      status: response.status,
    });
  }
  if (!response.ok) return { kind: "refused", problem: await readProblem(response) };

  const body: unknown = await response.json().catch(() => undefined);
  // A 200 that is not JSON is typically a captive portal or a proxy's login page.
  if (body === undefined) {
    return failed({
      ok: false,
      reason: "unreachable",
      detail: "The answer was not JSON; something between this device and the portal answered instead.",
    });
  }
  if (!isRecord(body)) return failed(badSignature("The answer is not a JSON object."));
  return { kind: "answered", headers: response.headers, body };
}

export interface PortalTokenOptions {
  jwks: JwksCache;
  /** Keeps a token made for one endpoint from being accepted by another. */
  audience: string;
  now: Date;
  clockSkewSeconds: number;
  requiredClaims: string[];
}

/** The verified payload of the answer's `token`, or why there is none. */
export async function verifyPortalToken(
  body: Record<string, unknown>,
  { jwks, audience, now, clockSkewSeconds, requiredClaims }: PortalTokenOptions,
): Promise<{ payload: JWTPayload } | { failure: PortalFailure }> {
  if (typeof body.token !== "string") return { failure: badSignature("The answer carries no signed token.") };
  try {
    const { payload } = await jwtVerify(body.token, jwks.getKey, {
      audience,
      algorithms: [...SIGNING_ALGORITHMS],
      currentDate: now,
      clockTolerance: clockSkewSeconds,
      requiredClaims,
    });
    return { payload };
  } catch (error) {
    if (error instanceof JwksUnavailableError)
      return {
        failure: { ok: false, reason: "unreachable", detail: "The portal's signing keys could not be fetched." },
      };
    if (error instanceof UnknownKeyIdError || error instanceof errors.JOSEError)
      return { failure: badSignature(`The token was not accepted: ${error.message}`) };
    throw error;
  }
}

export function badSignature(detail: string): Extract<PortalFailure, { reason: "bad_signature" }> {
  return { ok: false, reason: "bad_signature", detail };
}

/** RFC 9110 §10.2.3: either delay-seconds or an HTTP-date. */
export function parseRetryAfter(header: string | null, now: Date): number | null {
  if (header === null) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const retryAtMs = Date.parse(header);
  return Number.isNaN(retryAtMs) ? null : Math.max(0, Math.ceil((retryAtMs - now.getTime()) / 1000));
}

/** A refusal without a problem body (e.g. a proxy's 404 page) is described as RFC 9457 §4.2.1 `about:blank`. */
export async function readProblem(response: Response): Promise<Problem> {
  const problem: Problem = {
    type: "about:blank",
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    code: `HTTP_${response.status}`,
  };
  const body: unknown = await response.json().catch(() => undefined);
  if (!isRecord(body)) return problem;
  if (typeof body.type === "string") problem.type = body.type;
  if (typeof body.title === "string") problem.title = body.title;
  if (typeof body.code === "string") problem.code = body.code;
  if (typeof body.detail === "string") problem.detail = body.detail;
  if (Array.isArray(body.errors)) problem.errors = body.errors;
  if (typeof body.token === "string") problem.token = body.token;
  if (typeof body.unusualActivation === "boolean") problem.unusualActivation = body.unusualActivation;
  if (isRecord(body.transferLimit) && typeof body.transferLimit.nextTransferAt === "string")
    problem.transferLimit = { nextTransferAt: body.transferLimit.nextTransferAt };
  return problem;
}

function failed(failure: PortalFailure): PortalAnswer {
  return { kind: "failed", failure };
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
