import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import {
  checkDestination,
  DEFAULT_TIMEOUT_MS,
  type CheckedDestination,
  type OutgoingPolicy,
  type ResolvedAddress,
} from "./check-destination";
import { COULD_NOT_DELIVER, DeliveryFailed, DestinationRefused } from "./errors";

export interface OutgoingRequest {
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
}

export interface OutgoingResponse {
  status: number;
  /** Header names lower-case; repeated headers joined with ", " (RFC 9110 §5.3). */
  headers: Record<string, string>;
  /** At most `maxResponseBytes`; the rest was never read. */
  body: Buffer;
  isTruncated: boolean;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * Sends one request through the guard: the destination is checked again now (a name may resolve
 * differently than when it was saved) and the socket connects to exactly the address that was
 * checked, never to a second lookup's answer (DNS rebinding). Redirects are not followed (3xx is a
 * failure): a redirect could point anywhere. Every failure before an answer (refused address, no
 * such name, refused or reset connection, TLS, timeout) carries the same customer text, so the
 * error cannot be used to scan ports or map the internal network; `detail` keeps the cause for logs.
 */
export async function sendRequest(
  rawUrl: string,
  request: OutgoingRequest,
  policy: OutgoingPolicy,
): Promise<OutgoingResponse> {
  const deadline = Date.now() + (policy.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let destination: CheckedDestination;
  try {
    destination = await checkDestination(rawUrl, policy);
  } catch (error) {
    if (error instanceof DestinationRefused)
      throw new DeliveryFailed(COULD_NOT_DELIVER, `refused before connecting: ${error.message}`);
    throw error;
  }
  const response = await exchange(destination, request, {
    deadline,
    maxResponseBytes: policy.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
  });
  if (response.status >= 300 && response.status <= 399) {
    throw new DeliveryFailed(
      "The endpoint answered 3xx; redirects are not followed.",
      `answered ${response.status} (redirect not followed)`,
    );
  }
  return response;
}

/** Resolves the socket's name lookup to the checked address; Host, SNI and the certificate check still use the name. */
function pinnedLookup({ address, family }: ResolvedAddress): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as LookupFunction;
}

function joinedHeaders(response: IncomingMessage): Record<string, string> {
  return Object.fromEntries(
    Object.entries(response.headers).flatMap(([name, value]) =>
      value === undefined ? [] : [[name, Array.isArray(value) ? value.join(", ") : value]],
    ),
  );
}

function exchange(
  { url, hostname, address }: CheckedDestination,
  request: OutgoingRequest,
  { deadline, maxResponseBytes }: { deadline: number; maxResponseBytes: number },
) {
  return new Promise<OutgoingResponse>((resolve, reject) => {
    const fail = (detail: string) => reject(new DeliveryFailed(COULD_NOT_DELIVER, detail));
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const outgoing = send({
      protocol: url.protocol,
      hostname,
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: request.method,
      headers: request.headers,
      auth: url.username ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined,
      lookup: pinnedLookup(address),
      // A fresh connection per request: a pooled socket was opened for an earlier check.
      agent: false,
      signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())),
    });
    outgoing.on("error", (error: NodeJS.ErrnoException) =>
      fail(`${address.address}: ${error.code ?? error.name}: ${error.message}`),
    );
    outgoing.on("response", (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let received = 0;
      const finish = (isTruncated: boolean) =>
        resolve({
          status: response.statusCode ?? 0,
          headers: joinedHeaders(response),
          body: Buffer.concat(chunks),
          isTruncated,
        });
      response.on("data", (chunk: Buffer) => {
        const room = maxResponseBytes - received;
        chunks.push(chunk.subarray(0, room));
        received += Math.min(chunk.length, room);
        if (chunk.length > room) {
          finish(true);
          response.destroy();
        }
      });
      response.on("end", () => finish(false));
      response.on("error", (error) => fail(`reading the answer from ${address.address} failed: ${error.message}`));
    });
    outgoing.end(request.body);
  });
}
