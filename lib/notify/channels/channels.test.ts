import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import * as t from "@/lib/db/schema";
import { useTestDatabase } from "@/testing/test-database";
import { InvalidInput, NotFound, PolicyViolation } from "@/lib/errors";
import { issueLicenseKey } from "@/lib/licensing";
import { COULD_NOT_DELIVER, createOutgoingHttp } from "@/lib/net";
import { NON_PUBLIC_HOSTS } from "@/testing/non-public-hosts";
import { emergencyRotate } from "@/lib/rotation";
import { fixedNow, makeLicense, makeOrg, orgCtx, systemActor, testSecrets } from "@/testing/factories";
import { devMailboxMailer, listMailbox } from "../index";
import { addEmailChannel, addWebhookChannel, deliverDueWebhooks, sendTestWebhook, verifyEmailChannel } from "./index";

/** A real HTTP endpoint on loopback that verifies Standard Webhooks signatures like a customer's would. */
function startReceiver() {
  const received: { id: string; type: string; verified: boolean }[] = [];
  const state = { secret: "", failing: false };
  const server: Server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      if (state.failing) {
        response.writeHead(503, "Upstream Detail").end("stack trace of the customer's own server");
        return;
      }
      let verified = false;
      try {
        new Webhook(state.secret).verify(body, request.headers as Record<string, string>);
        verified = true;
      } catch {
        verified = false;
      }
      received.push({ id: String(request.headers["webhook-id"]), type: JSON.parse(body).type, verified });
      response.writeHead(verified ? 204 : 400).end();
    });
  });
  return {
    received,
    state,
    listen: () =>
      new Promise<string>((resolve) =>
        server.listen(0, "127.0.0.1", () =>
          resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`),
        ),
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("notification channels", () => {
  const database = useTestDatabase();
  const secrets = testSecrets();
  const receiver = startReceiver();
  const outgoing = createOutgoingHttp({ allowPrivate: true });
  let url = "";
  beforeAll(async () => {
    url = await receiver.listen();
  });
  afterAll(() => receiver.close());

  it("sends nothing to a new address until its verification link is followed, and the link works once", async () => {
    const { org, user } = await makeOrg(database.db);
    const ctx = orgCtx(database.db, { orgId: org.id, user });
    await addEmailChannel(
      ctx,
      { email: "ops@customer.example" },
      { mailer: devMailboxMailer, portalUrl: "https://portal.example" },
    );
    const [mail] = await listMailbox(database.db, { to: "ops@customer.example" });
    const token = /token=([\w-]+)/.exec(JSON.stringify(mail!.message.props))![1]!;
    const verifyCtx = { db: database.db, now: fixedNow(), actor: systemActor };
    expect(await verifyEmailChannel(verifyCtx, { token })).toMatchObject({ target: "ops@customer.example" });
    await expect(verifyEmailChannel(verifyCtx, { token })).rejects.toBeInstanceOf(NotFound);
  });

  it("refuses webhooks to loopback, and plain http to a public address even where private receivers are allowed", async () => {
    const { org, user } = await makeOrg(database.db);
    const ctx = orgCtx(database.db, { orgId: org.id, user });
    const publicName = createOutgoingHttp({
      allowPrivate: true,
      resolve: async () => [{ address: "93.184.215.14", family: 4 }],
    });
    await expect(
      addWebhookChannel(
        ctx,
        { url, label: "" },
        { ring: secrets.ring, outgoing: createOutgoingHttp({ allowPrivate: false }) },
      ),
    ).rejects.toBeInstanceOf(InvalidInput);
    await expect(
      addWebhookChannel(
        ctx,
        { url: "http://hooks.customer.example/x", label: "" },
        { ring: secrets.ring, outgoing: publicName },
      ),
    ).rejects.toBeInstanceOf(InvalidInput);
  });

  it("refuses a webhook to any non-public address form with a field error on the URL, the same whether an internal name exists or not, and adds nothing", async () => {
    const { db } = database;
    const { org, user } = await makeOrg(db);
    const ctx = orgCtx(db, { orgId: org.id, user });
    const strict = createOutgoingHttp({ allowPrivate: false });
    for (const host of NON_PUBLIC_HOSTS) {
      const refusal = await addWebhookChannel(
        ctx,
        { url: `https://${host}/hooks`, label: "" },
        { ring: secrets.ring, outgoing: strict },
      ).catch((error: unknown) => error);
      expect(refusal, host).toBeInstanceOf(InvalidInput);
      expect(Object.keys((refusal as InvalidInput).fieldErrors)).toEqual(["url"]);
    }
    const resolvesToLoopback = createOutgoingHttp({
      allowPrivate: false,
      resolve: async () => [{ address: "127.0.0.1", family: 4 }],
    });
    await expect(
      addWebhookChannel(
        ctx,
        { url: "https://hooks.customer.example/x", label: "" },
        { ring: secrets.ring, outgoing: resolvesToLoopback },
      ),
    ).rejects.toMatchObject({ fieldErrors: { url: [expect.stringMatching(/public/)] } });
    const unresolvable = createOutgoingHttp({
      allowPrivate: false,
      resolve: async () => Promise.reject(new Error("getaddrinfo ENOTFOUND")),
    });
    const [internalName, missingName] = await Promise.all(
      [resolvesToLoopback, unresolvable].map((outgoing) =>
        addWebhookChannel(ctx, { url: "https://db.corp.example/x", label: "" }, { ring: secrets.ring, outgoing }).catch(
          (error: InvalidInput) => error.fieldErrors,
        ),
      ),
    );
    expect(internalName).toEqual(missingName);
    expect(await db.select().from(t.notificationChannels).where(eq(t.notificationChannels.orgId, org.id))).toEqual([]);
  });

  it("tells the customer only 'could not deliver' or the status class, the same for a closed port as for a refused address", async () => {
    const { org, user } = await makeOrg(database.db);
    const ctx = orgCtx(database.db, { orgId: org.id, user, now: () => new Date() });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const testSendMessage = async (target: string, sendWith: ReturnType<typeof createOutgoingHttp>) => {
      const { channelId } = await addWebhookChannel(ctx, { url: target, label: "" }, { ring: secrets.ring, outgoing });
      const failure = await sendTestWebhook(ctx, { channelId }, { ring: secrets.ring, outgoing: sendWith }).catch(
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(PolicyViolation);
      return (failure as PolicyViolation).userMessage;
    };

    const closedPortMessage = await testSendMessage(`http://127.0.0.1:${closedPort}/hooks`, outgoing);
    const refusedAddressMessage = await testSendMessage(
      `http://10.0.0.1:${closedPort}/hooks`,
      createOutgoingHttp({ allowPrivate: false }),
    );
    expect(closedPortMessage).toBe(refusedAddressMessage);
    expect(closedPortMessage).toContain(COULD_NOT_DELIVER);
    expect(closedPortMessage).not.toMatch(/ECONN|127\.0\.0\.1|10\.0\.0\.1|\d+ ?ms/);

    receiver.state.failing = true;
    const upstreamMessage = await testSendMessage(`${url}?status`, outgoing);
    receiver.state.failing = false;
    expect(upstreamMessage).toContain("The endpoint answered 5xx.");
    expect(upstreamMessage).not.toMatch(/503|Upstream Detail|stack trace/);
  });

  it("verifies a webhook by a signed test event and then delivers rotation events exactly once, also after an outage", async () => {
    const { db } = database;
    const { org, user } = await makeOrg(db);
    const ctx = orgCtx(db, { orgId: org.id, user, now: () => new Date() });
    const { channelId, secret } = await addWebhookChannel(ctx, { url, label: "CI" }, { ring: secrets.ring, outgoing });
    expect(secret).toMatch(/^whsec_/);
    receiver.state.secret = secret;

    receiver.state.failing = true;
    await expect(sendTestWebhook(ctx, { channelId }, { ring: secrets.ring, outgoing })).rejects.toBeInstanceOf(
      PolicyViolation,
    );
    expect(
      (await db.select().from(t.notificationChannels).where(eq(t.notificationChannels.id, channelId)))[0]!.verifiedAt,
    ).toBeNull();
    receiver.state.failing = false;
    await sendTestWebhook(ctx, { channelId }, { ring: secrets.ring, outgoing });
    expect(receiver.received.at(-1)).toMatchObject({ type: "webhook.test", verified: true });

    const license = await makeLicense(db, org.id);
    await db.transaction((tx) =>
      issueLicenseKey(
        tx,
        { db, now: ctx.now, actor: systemActor },
        { licenseId: license.id, orgId: org.id, state: "active", secrets },
      ),
    );
    await emergencyRotate(ctx, { licenseId: license.id, reason: "leaked" }, { secrets });

    receiver.state.failing = true;
    let now = new Date();
    const causes: unknown[] = [];
    await deliverDueWebhooks(db, {
      ring: secrets.ring,
      now,
      outgoing,
      logger: { warn: (fields: unknown) => void causes.push(fields) },
    });
    // The portal shows the last error to the customer: the status class only; the code goes to the log.
    const failed = await db
      .select({ lastError: t.outbox.lastError })
      .from(t.outbox)
      .where(and(eq(t.outbox.channelId, channelId), eq(t.outbox.status, "failed")));
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((row) => row.lastError === "The endpoint answered 5xx.")).toBe(true);
    expect(causes).toContainEqual(expect.objectContaining({ channelId, cause: "answered 503" }));
    receiver.state.failing = false;
    for (let minute = 0; minute < 10; minute += 1) {
      now = new Date(now.getTime() + 60_000);
      await deliverDueWebhooks(db, { ring: secrets.ring, now, outgoing });
    }
    const events = receiver.received.filter((event) => event.type !== "webhook.test");
    expect(events.map((event) => event.type).sort()).toEqual(["key.revoked", "rotation.completed", "rotation.issued"]);
    expect(events.every((event) => event.verified)).toBe(true);
    expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
  });
});
