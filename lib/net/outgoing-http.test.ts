import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { NON_PUBLIC_HOSTS } from "@/testing/non-public-hosts";
import {
  COULD_NOT_DELIVER,
  createOutgoingHttp,
  DeliveryFailed,
  DestinationRefused,
  type Resolve,
  type ResolvedAddress,
} from "./index";

const PUBLIC: ResolvedAddress = { address: "93.184.215.14", family: 4 };
const LOOPBACK: ResolvedAddress = { address: "127.0.0.1", family: 4 };
const noResolution: Resolve = async (hostname) => {
  throw new Error(`no name should be resolved here, got ${hostname}`);
};
/** Answers from `answers` in turn (the last one repeats) and counts the lookups. */
function scriptedResolver(...answers: ResolvedAddress[][]) {
  const calls: string[] = [];
  const resolve: Resolve = async (hostname) => {
    calls.push(hostname);
    return answers[Math.min(calls.length, answers.length) - 1]!;
  };
  return { resolve, calls };
}

const post = { method: "POST" as const, headers: { "content-type": "application/json" }, body: "{}" };

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A receiver on 127.0.0.1 only, so a connection to any other loopback address is refused. */
async function startServer(handle: (request: IncomingMessage, response: ServerResponse) => void) {
  const requests: {
    host: string | undefined;
    remoteAddress: string | undefined;
    localAddress: string | undefined;
    path: string | undefined;
  }[] = [];
  const server = createServer((request, response) => {
    requests.push({
      host: request.headers.host,
      remoteAddress: request.socket.remoteAddress,
      localAddress: request.socket.localAddress,
      path: request.url,
    });
    handle(request, response);
  });
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { port: (server.address() as AddressInfo).port, requests };
}

async function deliveryFailure(sending: Promise<unknown>): Promise<DeliveryFailed> {
  const failure = await sending.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(DeliveryFailed);
  return failure as DeliveryFailed;
}

async function closedPort() {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("the SSRF guard at save time", () => {
  const strict = createOutgoingHttp({ allowPrivate: false, resolve: noResolution });

  it.each(NON_PUBLIC_HOSTS)("refuses %s in any numeric or named form, without asking a resolver", async (host) => {
    for (const scheme of ["https", "http"]) {
      await expect(strict.checkDestination(`${scheme}://${host}/hooks`)).rejects.toMatchObject({
        reason: "non-public-address",
      });
    }
  });

  it("refuses a name that resolves to loopback", async () => {
    const guard = createOutgoingHttp({ allowPrivate: false, resolve: scriptedResolver([LOOPBACK]).resolve });
    await expect(guard.checkDestination("https://hooks.customer.example/x")).rejects.toMatchObject({
      reason: "non-public-address",
    });
  });

  it("refuses a name when any one of its addresses is not public, whatever the order", async () => {
    const guard = createOutgoingHttp({
      allowPrivate: false,
      resolve: scriptedResolver([PUBLIC, { address: "fd00::1", family: 6 }]).resolve,
    });
    await expect(guard.checkDestination("https://hooks.customer.example/x")).rejects.toBeInstanceOf(DestinationRefused);
  });

  it("accepts a public https name and keeps the address it checked", async () => {
    const guard = createOutgoingHttp({ allowPrivate: false, resolve: scriptedResolver([PUBLIC]).resolve });
    await expect(guard.checkDestination("https://hooks.customer.example/x")).resolves.toMatchObject({
      hostname: "hooks.customer.example",
      address: PUBLIC,
    });
  });

  it("refuses plain http to a public address, also where private receivers are allowed", async () => {
    for (const allowPrivate of [false, true]) {
      const guard = createOutgoingHttp({ allowPrivate, resolve: scriptedResolver([PUBLIC]).resolve });
      await expect(guard.checkDestination("http://hooks.customer.example/x")).rejects.toMatchObject({
        reason: "scheme",
      });
    }
  });

  it("refuses other schemes and a name that does not resolve", async () => {
    await expect(strict.checkDestination("ftp://hooks.customer.example/x")).rejects.toMatchObject({ reason: "scheme" });
    const failing: Resolve = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    };
    await expect(
      createOutgoingHttp({ allowPrivate: false, resolve: failing }).checkDestination("https://nowhere.example/x"),
    ).rejects.toMatchObject({ reason: "unresolvable" });
  });
});

describe("the SSRF guard at send time", () => {
  it.each(NON_PUBLIC_HOSTS)("does not deliver to %s and says only that it could not deliver", async (host) => {
    const strict = createOutgoingHttp({ allowPrivate: false, resolve: noResolution });
    expect((await deliveryFailure(strict.send(`https://${host}/hooks`, post))).message).toBe(COULD_NOT_DELIVER);
  });

  it("checks the name again at send time: public when saved, loopback now, is not delivered", async () => {
    const { port, requests } = await startServer((_request, response) => response.writeHead(204).end());
    const { resolve, calls } = scriptedResolver([PUBLIC], [LOOPBACK]);
    const guard = createOutgoingHttp({ allowPrivate: false, resolve });
    await guard.checkDestination(`https://rebind.customer.example:${port}/hooks`);
    await expect(guard.send(`https://rebind.customer.example:${port}/hooks`, post)).rejects.toThrow(COULD_NOT_DELIVER);
    expect(calls).toHaveLength(2);
    expect(requests).toHaveLength(0);
  });

  it("connects to the address it checked and never looks the name up a second time (DNS rebinding)", async () => {
    const { port, requests } = await startServer((_request, response) => response.writeHead(204).end());
    // A second lookup would answer 127.0.0.2, where nothing listens: the delivery would fail.
    const { resolve, calls } = scriptedResolver([LOOPBACK], [{ address: "127.0.0.2", family: 4 }]);
    const guard = createOutgoingHttp({ allowPrivate: true, resolve });
    const response = await guard.send(`http://rebind.customer.example:${port}/hooks?x=1`, post);
    expect(response.status).toBe(204);
    expect(calls).toEqual(["rebind.customer.example"]);
    expect(requests).toEqual([
      {
        host: `rebind.customer.example:${port}`,
        remoteAddress: "127.0.0.1",
        localAddress: "127.0.0.1",
        path: "/hooks?x=1",
      },
    ]);
  });

  it("does not follow a redirect", async () => {
    const { port, requests } = await startServer((request, response) => {
      if (request.url === "/hooks") response.writeHead(307, { location: "/internal" }).end();
      else response.writeHead(204).end();
    });
    const guard = createOutgoingHttp({ allowPrivate: true });
    await expect(guard.send(`http://127.0.0.1:${port}/hooks`, post)).rejects.toThrow(
      "The endpoint answered 3xx; redirects are not followed.",
    );
    expect(requests.map((request) => request.path)).toEqual(["/hooks"]);
  });

  it("gives up on an endpoint that does not answer in time", async () => {
    const { port } = await startServer(() => undefined);
    const guard = createOutgoingHttp({ allowPrivate: true, timeoutMs: 300 });
    const startedAt = Date.now();
    expect((await deliveryFailure(guard.send(`http://127.0.0.1:${port}/hooks`, post))).message).toBe(COULD_NOT_DELIVER);
    expect(Date.now() - startedAt).toBeLessThan(5_000);
  });

  it("reads at most the response cap and drops the rest of a large answer", async () => {
    const { port } = await startServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/octet-stream" });
      const chunk = Buffer.alloc(64 * 1024, 1);
      let sent = 0;
      const pump = () => {
        while (sent < 16 * 1024 * 1024 && !response.destroyed) {
          sent += chunk.length;
          if (!response.write(chunk)) return void response.once("drain", pump);
        }
        response.end();
      };
      response.on("error", () => undefined);
      pump();
    });
    const guard = createOutgoingHttp({ allowPrivate: true, maxResponseBytes: 64 * 1024 });
    const response = await guard.send(`http://127.0.0.1:${port}/big`, { method: "GET", headers: {} });
    expect(response).toMatchObject({ status: 200, isTruncated: true });
    expect(response.body.length).toBe(64 * 1024);
  });

  it("tells a customer the same about a closed port as about a refused address (no port-scanner oracle)", async () => {
    const port = await closedPort();
    const closed = await deliveryFailure(
      createOutgoingHttp({ allowPrivate: true }).send(`http://127.0.0.1:${port}/hooks`, post),
    );
    const refused = await deliveryFailure(
      createOutgoingHttp({ allowPrivate: false }).send(`https://10.0.0.1:${port}/hooks`, post),
    );
    expect(closed.message).toBe(refused.message);
    expect(closed.detail).toMatch(/ECONNREFUSED/);
  });
});
