import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq, isNotNull } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import * as t from "@/lib/db/schema";
import { useTestDatabase } from "@/testing/test-database";
import { parseMasterKeyRing } from "@/lib/crypto";
import { Forbidden, InvalidInput, PolicyViolation } from "@/lib/errors";
import { runRotationWorkerPass } from "@/lib/jobs";
import { claimSeat } from "@/lib/devices/claim-seat";
import { lockLicenseSeats } from "@/lib/devices/seats";
import { deactivateDevices, reactivateDevice } from "@/lib/devices";
import {
  changeLicenseSeats,
  extendLicenseExpiry,
  recordLicenseExpiries,
  resumeLicense,
  revokeLicense,
  suspendLicense,
} from "@/lib/licensing";
import { transitionLicense } from "@/lib/licensing/license-transitions";
import { buildOpenApiDocument } from "@/lib/http/openapi";
import { COULD_NOT_DELIVER, createOutgoingHttp } from "@/lib/net";
import { rotateNow } from "@/lib/rotation";
import { rewrapMasterKey } from "@/lib/key-governance";
import {
  makeLicenseWithKey,
  makeRotatingLicense,
  makeUser,
  staffCtx,
  systemActor,
  testSecrets,
} from "@/testing/factories";
import { NON_PUBLIC_HOSTS } from "@/testing/non-public-hosts";
import { VENDOR_EVENT_TYPES, type VendorEventType } from "@/lib/validations/vendor-webhooks";
import { devMailboxMailer } from "../index";
import { deliverDueWebhooks } from "../channels";
import {
  createVendorEndpoint,
  deleteVendorEndpoint,
  listVendorEndpoints,
  resendVendorDelivery,
  rollVendorEndpointSecret,
  sendTestVendorWebhook,
  setVendorEndpointEnabled,
  updateVendorEndpointEvents,
} from "./index";
import { findVendorEndpoint, signingSecrets } from "./vendor-endpoint-store";

const deps = { mailer: devMailboxMailer, portalUrl: "https://portal.example" };
const reason = { reason: "CRM follows licenses", reasonCategory: "customer_request" as const };

/**
 * Standard Webhooks verification written from the spec, independent of the `standardwebhooks`
 * package that signs: HMAC-SHA256 over `id.timestamp.body` with the base64 secret after `whsec_`,
 * any one of the space-separated `v1,` signatures matching.
 */
function verifiesPerSpec(secret: string, headers: IncomingHttpHeaders, body: string): boolean {
  const signedContent = `${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${body}`;
  const expected = createHmac("sha256", Buffer.from(secret.replace(/^whsec_/, ""), "base64"))
    .update(signedContent)
    .digest();
  return String(headers["webhook-signature"])
    .split(" ")
    .some((signature) => {
      const [version, value] = signature.split(",");
      const given = Buffer.from(value ?? "", "base64");
      return version === "v1" && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

/** Each payload has what the OpenAPI `webhooks` entry of its type requires, and nothing it does not describe. */
function expectDocumented(events: { type: VendorEventType; data: Record<string, unknown> }[]) {
  const { webhooks } = buildOpenApiDocument({ serverUrl: "https://portal.example" });
  for (const event of events) {
    const schema = (
      webhooks[event.type] as {
        post: {
          requestBody: {
            content: {
              "application/json": { schema: { properties: { data: { required: string[]; properties: object } } } };
            };
          };
        };
      }
    ).post.requestBody.content["application/json"].schema.properties.data;
    expect(Object.keys(event.data), event.type).toEqual(expect.arrayContaining(schema.required));
    expect(Object.keys(schema.properties), event.type).toEqual(expect.arrayContaining(Object.keys(event.data)));
  }
}

/** The vendor's CRM on loopback: records what arrives; answers 503 while `failing`. */
function startReceiver() {
  const received: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
  const state = { failing: false };
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      if (!state.failing) received.push({ path: request.url ?? "", headers: request.headers, body });
      response.writeHead(state.failing ? 503 : 204).end();
    });
  });
  return {
    received,
    state,
    listen: () =>
      new Promise<string>((resolve) =>
        server.listen(0, "127.0.0.1", () =>
          resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/rekey`),
        ),
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("vendor webhooks", () => {
  const database = useTestDatabase();
  const secrets = testSecrets();
  const outgoing = createOutgoingHttp({ allowPrivate: true });
  const receiver = startReceiver();
  let receiverUrl = "";
  let clock = new Date("2026-11-23T12:00:00Z");
  const now = () => new Date(clock);
  let path = 0;

  beforeAll(async () => {
    receiverUrl = await receiver.listen();
  });
  afterAll(() => receiver.close());
  // Endpoints are vendor-wide: each test counts and receives only what its own endpoints get.
  afterEach(() => database.db.delete(t.vendorWebhookEndpoints));

  const admin = async () => staffCtx(database.db, await makeUser(database.db, { staffRole: "admin" }), "admin", now);
  /** One endpoint per test (a fresh path), so each test counts only its own events. */
  async function endpoint(eventTypes: readonly VendorEventType[] = VENDOR_EVENT_TYPES) {
    const ctx = await admin();
    const created = await createVendorEndpoint(
      ctx,
      { ...reason, url: `${receiverUrl}/${(path += 1)}`, description: "CRM", eventTypes: [...eventTypes] },
      { ring: secrets.ring, outgoing },
    );
    return { ctx, ...created };
  }
  const queuedFor = async (endpointId: string) =>
    (
      await database.db
        .select()
        .from(t.outbox)
        .where(eq(t.outbox.vendorEndpointId, endpointId))
        .orderBy(asc(t.outbox.createdAt))
    ).map((row) => row.payload as { type: VendorEventType; data: Record<string, unknown> });
  const typesFor = async (endpointId: string) => (await queuedFor(endpointId)).map((event) => event.type);

  it("queues each license event once per change, to the endpoints subscribed to it and enabled", async () => {
    clock = new Date("2026-11-23T12:00:00Z");
    const all = await endpoint();
    const revokedOnly = await endpoint(["license.revoked"]);
    const disabled = await endpoint();
    await setVendorEndpointEnabled(disabled.ctx, { ...reason, endpointId: disabled.endpointId, isEnabled: false });
    const { license } = await makeLicenseWithKey(database.db, secrets, { now });
    const support = staffCtx(database.db, await makeUser(database.db, { staffRole: "support" }), "support", now);
    const input = { licenseId: license.id, ...reason };

    await changeLicenseSeats(support, { ...input, seats: 7 }, deps);
    await extendLicenseExpiry(support, { ...input, expiresAt: new Date("2028-01-01T00:00:00Z") }, deps);
    await suspendLicense(support, input, deps);
    await resumeLicense(support, input, deps);
    await revokeLicense(support, { ...input, isEmergency: true }, deps);

    const events = await queuedFor(all.endpointId);
    expect(events.map((event) => event.type)).toEqual([
      "license.updated",
      "license.updated",
      "license.updated",
      "license.updated",
      "license.revoked",
    ]);
    expect(events.map((event) => event.data.change)).toEqual([
      { seats: { from: 3, to: 7 } },
      { expiresAt: { from: "2027-01-01T00:00:00.000Z", to: "2028-01-01T00:00:00.000Z" } },
      { status: { from: "active", to: "suspended" } },
      { status: { from: "suspended", to: "active" } },
      { status: { from: "active", to: "revoked" } },
    ]);
    expect(events[0]!.data).toMatchObject({ licenseId: license.id, customerId: license.orgId, seats: 7 });
    expect(await typesFor(revokedOnly.endpointId)).toEqual(["license.revoked"]);
    expect(await typesFor(disabled.endpointId)).toEqual([]);
    expectDocumented(events);
  });

  it("queues nothing when the change's transaction rolls back", async () => {
    const { endpointId } = await endpoint();
    const { license } = await makeLicenseWithKey(database.db, secrets, { now });
    await expect(
      database.db.transaction(async (tx) => {
        await transitionLicense(tx, { db: database.db, now, actor: systemActor }, license, "suspended", {
          reason: "rolled back",
        });
        throw new Error("a later step failed");
      }),
    ).rejects.toThrow("a later step failed");
    expect(await typesFor(endpointId)).toEqual([]);
  });

  it("reports an expiry once when its date passes, whatever the number of worker passes", async () => {
    clock = new Date("2026-11-23T12:00:00Z");
    const { endpointId } = await endpoint(["license.expired"]);
    const { license } = await makeLicenseWithKey(database.db, secrets, {
      now,
      expiresAt: new Date("2026-11-24T00:00:00Z"),
    });
    await recordLicenseExpiries(database.db, { now: now() });
    expect(await typesFor(endpointId)).toEqual([]);
    clock = new Date("2026-11-24T00:00:01Z");
    await recordLicenseExpiries(database.db, { now: now() });
    await recordLicenseExpiries(database.db, { now: now() });
    expect(await queuedFor(endpointId)).toEqual([
      expect.objectContaining({
        type: "license.expired",
        data: expect.objectContaining({ licenseId: license.id, expiresAt: "2026-11-24T00:00:00.000Z" }),
      }),
    ]);
  });

  it("queues rotation.issued and rotation.completed once each, also when the worker passes again, and never key material", async () => {
    clock = new Date("2026-11-23T12:00:00Z");
    const { endpointId } = await endpoint();
    const { license, key, ctx } = await makeRotatingLicense(database.db, secrets, { now });
    const rotation = await rotateNow(ctx, { licenseId: license.id, overlapMinutes: 60 }, { secrets });
    clock = new Date(clock.getTime() + 2 * 3_600_000);
    const worker = { db: database.db, now, secrets, ...deps };
    await runRotationWorkerPass(worker);
    await runRotationWorkerPass(worker);
    const events = await queuedFor(endpointId);
    expect(events.map((event) => event.type)).toEqual(["rotation.issued", "rotation.completed"]);
    expect(events[0]!.data).toEqual({
      rotationId: rotation.id,
      licenseId: license.id,
      customerId: license.orgId,
      kind: "customer",
      scheduledFor: expect.any(String),
    });
    const [newKey] = await database.db
      .select()
      .from(t.licenseKeys)
      .where(and(eq(t.licenseKeys.licenseId, license.id), eq(t.licenseKeys.state, "active")));
    for (const secret of [key.plaintext, key.prefix, newKey!.prefix])
      expect(JSON.stringify(events)).not.toContain(secret);
    expectDocumented(events);
  });

  it("queues device.activated for a new and a reactivated device and device.deactivated when one lets its seat go, never the fingerprint", async () => {
    const { endpointId } = await endpoint();
    const { license, ctx } = await makeLicenseWithKey(database.db, secrets, { now });
    const fingerprintDigest = "digest-of-a-fingerprint";
    const claim = await database.db.transaction(async (tx) =>
      claimSeat(tx, ctx, await lockLicenseSeats(tx, license.id), {
        device: null,
        newDevice: { fingerprintDigest, name: "build-01", platform: "linux", activationMethod: "online" },
      }),
    );
    const deviceId = claim.isGranted ? claim.device.id : "";
    await deactivateDevices(ctx, { licenseId: license.id, deviceIds: [deviceId] });
    await reactivateDevice(ctx, { licenseId: license.id, deviceId });
    const events = await queuedFor(endpointId);
    expect(events).toEqual([
      {
        type: "device.activated",
        timestamp: expect.any(String),
        data: expect.objectContaining({
          deviceId,
          licenseId: license.id,
          customerId: license.orgId,
          status: "active",
          isReactivated: false,
        }),
      },
      {
        type: "device.deactivated",
        timestamp: expect.any(String),
        data: expect.objectContaining({ deviceId, status: "deactivated" }),
      },
      {
        type: "device.activated",
        timestamp: expect.any(String),
        data: expect.objectContaining({ deviceId, isReactivated: true }),
      },
    ]);
    expect(JSON.stringify(events)).not.toContain(fingerprintDigest);
    expectDocumented(events);
  });

  it("signs every delivery so the spec's own check and the standardwebhooks package both verify it; a roll signs with both secrets until its overlap ends", async () => {
    clock = new Date();
    const { ctx, endpointId, secret, url } = await endpoint(["license.updated"]);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const { license } = await makeLicenseWithKey(database.db, secrets, { now });
    const change = (seats: number) => changeLicenseSeats(ctx, { licenseId: license.id, ...reason, seats }, deps);
    const deliver = () => deliverDueWebhooks(database.db, { ring: secrets.ring, now: now(), outgoing });
    const lastDelivery = () => receiver.received.filter((delivery) => url.endsWith(delivery.path)).at(-1)!;

    await change(4);
    expect(await deliver()).toMatchObject({ sent: 1, failed: 0 });
    const first = lastDelivery();
    expect(verifiesPerSpec(secret, first.headers, first.body)).toBe(true);
    expect(() => new Webhook(secret).verify(first.body, first.headers as Record<string, string>)).not.toThrow();
    expect(JSON.parse(first.body)).toMatchObject({
      type: "license.updated",
      timestamp: expect.any(String),
      data: { licenseId: license.id, change: { seats: { from: 3, to: 4 } } },
    });

    const rolled = await rollVendorEndpointSecret(
      ctx,
      { ...reason, endpointId, overlapMinutes: 60 },
      { ring: secrets.ring },
    );
    await change(5);
    await deliver();
    const during = lastDelivery();
    expect(String(during.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    expect(verifiesPerSpec(secret, during.headers, during.body)).toBe(true);
    expect(verifiesPerSpec(rolled.secret, during.headers, during.body)).toBe(true);

    clock = new Date(rolled.oldSecretValidUntil.getTime() + 1000);
    await change(6);
    await deliver();
    const after = lastDelivery();
    expect(verifiesPerSpec(rolled.secret, after.headers, after.body)).toBe(true);
    expect(verifiesPerSpec(secret, after.headers, after.body)).toBe(false);
    await expect(sendTestVendorWebhook(ctx, { endpointId }, { ring: secrets.ring, outgoing })).resolves.toEqual({
      endpointId,
    });
    expect(JSON.parse(lastDelivery().body)).toMatchObject({ type: "webhook.test", data: { endpointId } });
  });

  it("delivers through the SSRF guard: refuses non-public addresses at creation and at every send, telling only 'could not deliver'", async () => {
    clock = new Date();
    const ctx = await admin();
    const strict = createOutgoingHttp({ allowPrivate: false });
    for (const host of NON_PUBLIC_HOSTS) {
      const refusal = await createVendorEndpoint(
        ctx,
        { ...reason, url: `https://${host}/hooks`, description: "", eventTypes: ["license.updated"] },
        { ring: secrets.ring, outgoing: strict },
      ).catch((error: unknown) => error);
      expect(refusal, host).toBeInstanceOf(InvalidInput);
      expect(Object.keys((refusal as InvalidInput).fieldErrors)).toEqual(["url"]);
    }
    // Saved while the name was public; it now leads inward (DNS answers change): the send is refused.
    const { endpointId } = await endpoint(["license.updated"]);
    const { license } = await makeLicenseWithKey(database.db, secrets, { now });
    await changeLicenseSeats(ctx, { licenseId: license.id, ...reason, seats: 4 }, deps);
    const sentBefore = receiver.received.length;
    await deliverDueWebhooks(database.db, { ring: secrets.ring, now: now(), outgoing: strict });
    expect(receiver.received.length).toBe(sentBefore);
    const [row] = await database.db.select().from(t.outbox).where(eq(t.outbox.vendorEndpointId, endpointId));
    expect(row).toMatchObject({ status: "failed", lastError: COULD_NOT_DELIVER });
    await expect(
      sendTestVendorWebhook(ctx, { endpointId }, { ring: secrets.ring, outgoing: strict }),
    ).rejects.toBeInstanceOf(PolicyViolation);
  });

  it("lists each endpoint's recent deliveries with status and attempts, resends one, and deleting the endpoint drops its queue", async () => {
    clock = new Date();
    const { ctx, endpointId } = await endpoint(["license.updated"]);
    const { license } = await makeLicenseWithKey(database.db, secrets, { now });
    await changeLicenseSeats(ctx, { licenseId: license.id, ...reason, seats: 4 }, deps);
    receiver.state.failing = true;
    await deliverDueWebhooks(database.db, { ring: secrets.ring, now: now(), outgoing });
    receiver.state.failing = false;
    const listed = (await listVendorEndpoints(ctx)).find((listing) => listing.id === endpointId)!;
    expect(listed).toMatchObject({ isEnabled: true, eventTypes: ["license.updated"], createdByEmail: ctx.actor.email });
    expect(listed.deliveries).toEqual([
      expect.objectContaining({
        type: "license.updated",
        status: "failed",
        attempts: 1,
        lastError: "The endpoint answered 5xx.",
      }),
    ]);
    expect(JSON.stringify(listed)).not.toMatch(/whsec_|secret_?ciphertext/i);

    await resendVendorDelivery(ctx, { ...reason, outboxId: listed.deliveries[0]!.id });
    expect(await deliverDueWebhooks(database.db, { ring: secrets.ring, now: now(), outgoing })).toMatchObject({
      sent: 1,
    });

    await updateVendorEndpointEvents(ctx, { ...reason, endpointId, eventTypes: ["device.activated"] });
    await changeLicenseSeats(ctx, { licenseId: license.id, ...reason, seats: 5 }, deps);
    expect(await typesFor(endpointId)).toEqual(["license.updated"]);

    await deleteVendorEndpoint(ctx, { ...reason, endpointId });
    expect(await typesFor(endpointId)).toEqual([]);
    const audit = await database.db
      .select({ action: t.auditEvents.action })
      .from(t.auditEvents)
      .where(eq(t.auditEvents.subjectId, endpointId))
      .orderBy(asc(t.auditEvents.id));
    expect(audit.map((event) => event.action)).toEqual([
      "vendor_webhook.created",
      "vendor_webhook.delivery_resent",
      "vendor_webhook.events_changed",
      "vendor_webhook.deleted",
    ]);
  });

  it("moves both secrets of an endpoint inside a roll's overlap onto a new master key version", async () => {
    clock = new Date("2026-11-23T12:00:00Z");
    const { ctx, endpointId, secret } = await endpoint();
    const rolled = await rollVendorEndpointSecret(
      ctx,
      { ...reason, endpointId, overlapMinutes: 60 },
      { ring: secrets.ring },
    );
    const next = parseMasterKeyRing(
      `v2:${randomBytes(32).toString("base64")},v1:${secrets.ring.byVersion.get(1)!.toString("base64")}`,
    );
    await rewrapMasterKey({ db: database.db, now, actor: systemActor }, { ring: next });
    const onlyV2 = parseMasterKeyRing(`v2:${next.byVersion.get(2)!.toString("base64")}`);
    expect(signingSecrets(onlyV2, await findVendorEndpoint(database.db, endpointId), now())).toEqual([
      rolled.secret,
      secret,
    ]);
  });

  it("is admin work: support staff can neither list nor change vendor webhooks", async () => {
    const { endpointId } = await endpoint();
    const support = staffCtx(database.db, await makeUser(database.db, { staffRole: "support" }), "support", now);
    const input = { ...reason, endpointId };
    const refusals = [
      listVendorEndpoints(support),
      createVendorEndpoint(
        support,
        { ...reason, url: `${receiverUrl}/support`, description: "", eventTypes: ["license.created"] },
        { ring: secrets.ring, outgoing },
      ),
      updateVendorEndpointEvents(support, { ...input, eventTypes: ["license.created"] }),
      setVendorEndpointEnabled(support, { ...input, isEnabled: false }),
      rollVendorEndpointSecret(support, { ...input, overlapMinutes: 0 }, { ring: secrets.ring }),
      sendTestVendorWebhook(support, { endpointId }, { ring: secrets.ring, outgoing }),
      deleteVendorEndpoint(support, input),
    ];
    for (const refusal of refusals) await expect(refusal).rejects.toBeInstanceOf(Forbidden);
    expect(
      await database.db.select().from(t.vendorWebhookEndpoints).where(isNotNull(t.vendorWebhookEndpoints.disabledAt)),
    ).not.toContainEqual(expect.objectContaining({ id: endpointId }));
  });
});
