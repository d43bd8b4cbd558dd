import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { MAX_REQUEST_BODY_BYTES, serveFetchHandler, type FetchHandler } from "./node-fetch-bridge";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(async (server) => {
      server.close();
      await once(server, "close");
    }),
  );
});

async function serve(handler: FetchHandler, unexpected: unknown[] = []): Promise<string> {
  const server = createServer((incoming, outgoing) => {
    void serveFetchHandler(handler, incoming, outgoing, {
      fallbackOrigin: "http://fallback.test",
      extraHeaders: [
        { key: "X-Frame-Options", value: "DENY" },
        { key: "Cache-Control", value: "private" },
      ],
      onUnexpected: (error) => unexpected.push(error),
    });
  });
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const echo: FetchHandler = async (request) =>
  Response.json(
    {
      method: request.method,
      url: request.url,
      forwardedFor: request.headers.get("x-forwarded-for"),
      body: request.body ? await request.text() : null,
    },
    { headers: { "cache-control": "no-store" } },
  );

describe("serving fetch handlers from node:http", () => {
  it("gives the handler the method, the URL by the Host header, the body, and its own headers over the extra ones", async () => {
    const url = await serve(echo);
    const response = await fetch(`${url}/api/v1/thing?since=5`, {
      method: "POST",
      body: '{"key":"K"}',
      headers: { "content-type": "application/json" },
    });
    expect(await response.json()).toEqual({
      method: "POST",
      url: `${url}/api/v1/thing?since=5`,
      forwardedFor: null,
      body: '{"key":"K"}',
    });
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(Number(response.headers.get("content-length"))).toBeGreaterThan(0);
  });

  it("refuses a body over the limit with a 413 problem naming the body, before the handler runs", async () => {
    let handled = false;
    const url = await serve(async () => {
      handled = true;
      return new Response(null);
    });
    const response = await fetch(url, { method: "POST", body: "x".repeat(MAX_REQUEST_BODY_BYTES + 1) });
    expect(response.status).toBe(413);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toMatchObject({
      status: 413,
      code: "PAYLOAD_TOO_LARGE",
      errors: [{ field: "body" }],
    });
    expect(handled).toBe(false);
  });

  it("answers HEAD without a body and passes every Set-Cookie", async () => {
    const url = await serve(async () => {
      const headers = new Headers({ "content-type": "text/plain" });
      headers.append("set-cookie", "a=1");
      headers.append("set-cookie", "b=2");
      return new Response("hello", { headers });
    });
    const head = await fetch(url, { method: "HEAD" });
    expect(await head.text()).toBe("");
    expect(head.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
  });

  it("turns a handler that throws into a 500 problem that says nothing of the cause, and reports the error", async () => {
    const unexpected: unknown[] = [];
    const url = await serve(async () => {
      throw new Error("secret detail");
    }, unexpected);
    const response = await fetch(`${url}/api/v1/broken?x=1`);
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ code: "INTERNAL", instance: "/api/v1/broken" });
    expect(text).not.toContain("secret");
    expect(unexpected).toHaveLength(1);
  });

  it("relays an event stream as it comes", async () => {
    let push!: (chunk: string) => void;
    const url = await serve(async () => {
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          push = (chunk) => (chunk ? controller.enqueue(new TextEncoder().encode(chunk)) : controller.close());
        },
      });
      return new Response(stream, { headers: { "content-type": "text/event-stream" } });
    });
    const response = await fetch(url);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    push("data: one\n\n");
    expect((await reader.read()).value).toBe("data: one\n\n");
    push("");
    expect((await reader.read()).done).toBe(true);
  });

  it("streams a body of declared length with its length, and takes a client hanging up mid-way as no error", async () => {
    const unexpected: unknown[] = [];
    const chunk = new Uint8Array(64 * 1024).fill(7);
    let chunks = 16;
    let pulled = 0;
    const url = await serve(async () => {
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled += 1;
          if (pulled > chunks) controller.close();
          else controller.enqueue(chunk);
        },
      });
      return new Response(body, { headers: { "content-length": String(chunks * chunk.length) } });
    }, unexpected);

    const whole = await fetch(url);
    expect(whole.headers.get("content-length")).toBe(String(chunks * chunk.length));
    expect((await whole.arrayBuffer()).byteLength).toBe(chunks * chunk.length);

    // 64 MB, far more than any socket buffers between the two ends.
    chunks = 1024;
    pulled = 0;
    const cut = await fetch(url);
    const reader = cut.body!.getReader();
    await reader.read();
    await reader.cancel();
    // Relayed at the client's pace: what was pulled before the hang-up is far from the whole body.
    await expect.poll(() => unexpected).toEqual([]);
    expect(pulled).toBeLessThan(chunks);
  });
});
