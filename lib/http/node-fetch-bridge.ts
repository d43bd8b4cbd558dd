/**
 * Serves fetch-style route handlers (`(Request) => Promise<Response>`, what the App Router's
 * route.ts files export) straight from node:http. The production server (scripts/serve.ts) uses it
 * for the client API, whose per-request cost Next's own request pipeline would otherwise dominate.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { internalErrorResponse, problemResponse } from "./problem";

export type FetchHandler = (request: Request) => Promise<Response>;

/** The API's bodies are a license key and a few device fields; anything near this is not one of them. */
export const MAX_REQUEST_BODY_BYTES = 64 * 1024;

class BodyTooLarge extends Error {}

/** The request as a route handler sees it under Next: the URL from the Host header, the headers as parsed. */
export async function toFetchRequest(
  incoming: IncomingMessage,
  { fallbackOrigin }: { fallbackOrigin: string },
): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (Array.isArray(value)) for (const each of value) headers.append(name, each);
    else if (value !== undefined) headers.set(name, value);
  }
  const method = incoming.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD";
  return new Request(requestUrl(incoming, fallbackOrigin), {
    method,
    headers,
    body: hasBody ? await readBody(incoming) : undefined,
  });
}

function requestUrl(incoming: IncomingMessage, fallbackOrigin: string): URL {
  const path = incoming.url ?? "/";
  try {
    return new URL(path, `http://${incoming.headers.host}`);
  } catch {
    // A Host header that is not a host names nothing; the path is what routes the request.
    return new URL(path, fallbackOrigin);
  }
}

async function readBody(incoming: IncomingMessage): Promise<Buffer<ArrayBuffer>> {
  const declared = Number(incoming.headers["content-length"]);
  if (declared > MAX_REQUEST_BODY_BYTES) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REQUEST_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/**
 * Writes `response` to `outgoing`; `extraHeaders` fill in what the handler did not set. A body is
 * sent in one piece with its length, except an event stream, which is relayed as it comes, and a
 * body whose length the handler declared, which is streamed with it.
 */
export async function writeFetchResponse(
  outgoing: ServerResponse,
  response: Response,
  {
    extraHeaders = [],
    isHead = false,
  }: { extraHeaders?: readonly { key: string; value: string }[]; isHead?: boolean } = {},
): Promise<void> {
  outgoing.statusCode = response.status;
  for (const { key, value } of extraHeaders) outgoing.setHeader(key, value);
  for (const [key, value] of response.headers) {
    if (key !== "set-cookie") outgoing.setHeader(key, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) outgoing.setHeader("set-cookie", cookies);
  if (!response.body || isHead) {
    await response.body?.cancel();
    outgoing.end();
  } else if (response.headers.get("content-type")?.startsWith("text/event-stream")) {
    await relayStream(outgoing, response.body);
  } else if (response.headers.has("content-length")) {
    await relayWithLength(outgoing, response.body);
  } else {
    const body = Buffer.from(await response.arrayBuffer());
    outgoing.setHeader("content-length", body.length);
    outgoing.end(body);
  }
}

async function relayStream(outgoing: ServerResponse, body: ReadableStream<Uint8Array>): Promise<void> {
  // The client learns the stream is open before the first event, which may be a while.
  outgoing.flushHeaders();
  const reader = body.getReader();
  outgoing.once("close", () => void reader.cancel().catch(() => {}));
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    outgoing.write(value);
  }
  outgoing.end();
}

/**
 * A body the handler streams with its declared length (an artifact download, issue 19): relayed as
 * it is read, at the client's pace (backpressure), never gathered whole. A client that hangs up
 * mid-way (a cut download it will resume) ends the relay and is no fault of ours; a source that
 * fails is, and reaches the caller.
 */
async function relayWithLength(outgoing: ServerResponse, body: ReadableStream<Uint8Array>): Promise<void> {
  try {
    await pipeline(Readable.fromWeb(body as NodeReadableStream<Uint8Array>), outgoing);
  } catch (error) {
    if ((error as { code?: string }).code !== "ERR_STREAM_PREMATURE_CLOSE") throw error;
  }
}

/**
 * One request through `handler`: a body over the limit is a 413 problem naming the body; a
 * handler that throws (route handlers answer their own errors, so this is a defect) a bare 500
 * that says nothing of the cause, which `onUnexpected` logs.
 */
export async function serveFetchHandler(
  handler: FetchHandler,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  options: {
    fallbackOrigin: string;
    extraHeaders?: readonly { key: string; value: string }[];
    onUnexpected: (error: unknown) => void;
  },
): Promise<void> {
  let response: Response;
  try {
    response = await handler(await toFetchRequest(incoming, options));
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      response = problemResponse(
        {
          title: "Request body too large",
          status: 413,
          code: "PAYLOAD_TOO_LARGE",
          detail: `Send at most ${MAX_REQUEST_BODY_BYTES} bytes.`,
          errors: [{ field: "body", messages: [`At most ${MAX_REQUEST_BODY_BYTES} bytes.`] }],
        },
        { connection: "close" },
      );
    } else {
      options.onUnexpected(error);
      response = internalErrorResponse(incoming.url?.split("?")[0]);
    }
  }
  try {
    await writeFetchResponse(outgoing, response, {
      extraHeaders: options.extraHeaders,
      isHead: incoming.method === "HEAD",
    });
  } catch (error) {
    options.onUnexpected(error);
    outgoing.destroy();
  }
}
