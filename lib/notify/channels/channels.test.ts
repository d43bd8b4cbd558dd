import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import * as t from "@/lib/db/schema";
import { useTestDatabase } from "@/lib/db/testing";
import { InvalidInput, NotFound, PolicyViolation } from "@/lib/errors";
import { issueLicenseKey } from "@/lib/licensing";
import { createOutgoingHttp } from "@/lib/net";
import { emergencyRotate } from "@/lib/rotation";
import { fixedNow, makeLicense, makeOrg, orgCtx, systemActor, testSecrets } from "@/lib/testing/factories";
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
        response.writeHead(503).end();
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
    listen: () => new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`))),
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
    await addEmailChannel(ctx, { email: "ops@customer.example" }, { mailer: devMailboxMailer, portalUrl: "https://portal.example" });
    const [mail] = await listMailbox(database.db, { to: "ops@customer.example" });
    const token = /token=([\w-]+)/.exec(JSON.stringify(mail!.message.props))![1]!;
    const verifyCtx = { db: database.db, now: fixedNow(), actor: systemActor };
    expect(await verifyEmailChannel(verifyCtx, { token })).toMatchObject({ target: "ops@customer.example" });
    await expect(verifyEmailChannel(verifyCtx, { token })).rejects.toBeInstanceOf(NotFound);
  });

  it("refuses webhooks to loopback, and plain http to a public address even where private receivers are allowed", async () => {
    const { org, user } = await makeOrg(database.db);
    const ctx = orgCtx(database.db, { orgId: org.id, user });
    const publicName = createOutgoingHttp({ allowPrivate: true, resolve: async () => [{ address: "93.184.215.14", family: 4 }] });
    await expect(addWebhookChannel(ctx, { url, label: "" }, { ring: secrets.ring, outgoing: createOutgoingHttp({ allowPrivate: false }) })).rejects.toBeInstanceOf(InvalidInput);
    await expect(addWebhookChannel(ctx, { url: "http://hooks.customer.example/x", label: "" }, { ring: secrets.ring, outgoing: publicName })).rejects.toBeInstanceOf(InvalidInput);
  });

  it("verifies a webhook by a signed test event and then delivers rotation events exactly once, also after an outage", async () => {
    const { db } = database;
    const { org, user } = await makeOrg(db);
    const ctx = orgCtx(db, { orgId: org.id, user, now: () => new Date() });
    const { channelId, secret } = await addWebhookChannel(ctx, { url, label: "CI" }, { ring: secrets.ring, outgoing });
    expect(secret).toMatch(/^whsec_/);
    receiver.state.secret = secret;

    receiver.state.failing = true;
    await expect(sendTestWebhook(ctx, { channelId }, { ring: secrets.ring, outgoing })).rejects.toBeInstanceOf(PolicyViolation);
    expect((await db.select().from(t.notificationChannels).where(eq(t.notificationChannels.id, channelId)))[0]!.verifiedAt).toBeNull();
    receiver.state.failing = false;
    await sendTestWebhook(ctx, { channelId }, { ring: secrets.ring, outgoing });
    expect(receiver.received.at(-1)).toMatchObject({ type: "webhook.test", verified: true });

    const license = await makeLicense(db, org.id);
    await db.transaction((tx) => issueLicenseKey(tx, { db, now: ctx.now, actor: systemActor }, { licenseId: license.id, orgId: org.id, state: "active", secrets }));
    await emergencyRotate(ctx, { licenseId: license.id, reason: "leaked" }, { secrets });

    receiver.state.failing = true;
    let now = new Date();
    await deliverDueWebhooks(db, { ring: secrets.ring, now, outgoing });
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
