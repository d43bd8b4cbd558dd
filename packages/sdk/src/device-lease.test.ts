import { describe, expect, it } from "vitest";
import {
  answerWithLease,
  answerWithRefusal,
  createFakePortal,
  fixedNow,
  makeJwks,
  makeSigningKey,
  PORTAL_URL,
  signLicenseFile,
  toSeconds,
  type DeviceRequestBody,
} from "../testing/factories.ts";
import { activate, deactivate, heartbeat, readStoredLease } from "./device-lease.ts";
import { DEACTIVATION_RECEIPT_AUDIENCE } from "./device-protocol.ts";
import { fingerprintHash } from "./fingerprint-hash.ts";
import { createJwksCache } from "./jwks-cache.ts";

const ISSUED_AT = "2026-03-01T12:00:00Z";
const now = fixedNow(ISSUED_AT);
const LICENSE_KEY = "RK-7F3Q-K9M2-XW4D-8HNB-T";
const FINGERPRINT = "machine-fingerprint-0001";
const LICENSE_ID = "6f1c9a53-5d5e-4c41-9d64-0b9a3f1e7c10";
const DEVICE_ID = "0b0f4a57-8a43-4a36-8d53-8f0d2b8a9c21";

async function portalWith(answer: (body: DeviceRequestBody, action: string) => Promise<Response> | Response) {
  const key = await makeSigningKey();
  const portal = createFakePortal({ jwks: () => makeJwks(key), devices: (action, body) => answer(body, action) });
  const jwks = createJwksCache({ url: `${PORTAL_URL}/.well-known/jwks.json`, fetch: portal.fetch, now });
  const call = {
    baseUrl: PORTAL_URL,
    key: LICENSE_KEY,
    fingerprint: FINGERPRINT,
    product: "studio",
    jwks,
    fetch: portal.fetch,
    now,
  };
  return { key, portal, jwks, call };
}

const lease = (key: Awaited<ReturnType<typeof makeSigningKey>>, body: DeviceRequestBody) =>
  answerWithLease(key, body, { licenseId: LICENSE_ID, deviceId: DEVICE_ID, issuedAt: ISSUED_AT });

describe("activating and renewing a device lease", () => {
  it("sends the key, fingerprint, name and a fresh nonce, and returns the verified lease", async () => {
    let key!: Awaited<ReturnType<typeof makeSigningKey>>;
    const setup = await portalWith((body) => lease(key, body));
    key = setup.key;

    const result = await activate({ ...setup.call, name: "Design-Mac-07", platform: "macOS 15" });

    expect(result).toMatchObject({
      ok: true,
      lease: {
        licenseId: LICENSE_ID,
        deviceId: DEVICE_ID,
        product: "studio",
        expiresAt: new Date("2026-03-02T12:00:00Z"),
        graceEndsAt: new Date("2026-03-09T12:00:00Z"),
      },
    });
    const [request] = setup.portal.requests.filter((r) => r.method === "POST");
    expect(request?.url).toBe(`${PORTAL_URL}/api/v1/devices/activate`);
    expect(request?.body).toMatchObject({
      key: LICENSE_KEY,
      fingerprint: FINGERPRINT,
      product: "studio",
      name: "Design-Mac-07",
      platform: "macOS 15",
      nonce: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
    });
    await heartbeat(setup.call);
    expect(setup.portal.requests.at(-1)?.url).toBe(`${PORTAL_URL}/api/v1/devices/heartbeat`);
  });

  it("reports the app's version on activation and heartbeat when given, and sends none otherwise", async () => {
    let key!: Awaited<ReturnType<typeof makeSigningKey>>;
    const setup = await portalWith((body) => lease(key, body));
    key = setup.key;
    await activate({ ...setup.call, clientVersion: "4.2.1" });
    await heartbeat({ ...setup.call, clientVersion: "4.2.1" });
    await heartbeat(setup.call);
    const [activation, renewal, unversioned] = setup.portal.requests.filter((r) => r.method === "POST");
    expect(activation?.body).toMatchObject({ clientVersion: "4.2.1" });
    expect(renewal?.body).toMatchObject({ clientVersion: "4.2.1" });
    expect(unversioned?.body).not.toHaveProperty("clientVersion");
  });

  it("refuses a lease made for another request, for another machine, or by a key the portal does not publish", async () => {
    const forger = await makeSigningKey();
    let key!: Awaited<ReturnType<typeof makeSigningKey>>;
    let answer: (body: DeviceRequestBody) => Promise<Response> = (body) =>
      lease(key, { ...body, nonce: "an-earlier-request-nonce" });
    const setup = await portalWith((body) => answer(body));
    key = setup.key;

    expect(await activate(setup.call)).toMatchObject({
      ok: false,
      reason: "bad_signature",
      detail: expect.stringMatching(/nonce/),
    });
    answer = (body) => lease(key, { ...body, fingerprint: "another-machine-0002" });
    expect(await activate(setup.call)).toMatchObject({
      ok: false,
      reason: "bad_signature",
      detail: expect.stringMatching(/another device/),
    });
    answer = (body) => lease(forger, body);
    expect(await activate(setup.call)).toMatchObject({ ok: false, reason: "bad_signature" });
  });

  it("believes a refusal only when it is signed for this request", async () => {
    let key!: Awaited<ReturnType<typeof makeSigningKey>>;
    let isSigned = true;
    const setup = await portalWith((body) =>
      answerWithRefusal(key, body, { code: "TOO_MANY_DEVICES", issuedAt: ISSUED_AT, isSigned }),
    );
    key = setup.key;

    expect(await activate(setup.call)).toEqual({
      ok: false,
      reason: "refused",
      code: "TOO_MANY_DEVICES",
      detail: "Refused: TOO_MANY_DEVICES.",
    });
    isSigned = false;
    expect(await activate(setup.call)).toMatchObject({
      ok: false,
      reason: "bad_request",
      problem: { status: 409, code: "TOO_MANY_DEVICES" },
    });
  });

  it("tells when a seat may move again after a signed TRANSFER_LIMIT_REACHED, and null when the hint is missing or malformed", async () => {
    let key!: Awaited<ReturnType<typeof makeSigningKey>>;
    let nextTransferAt: unknown = "2026-03-20T09:30:00.000Z";
    const setup = await portalWith((body) =>
      answerWithRefusal(key, body, {
        code: "TRANSFER_LIMIT_REACHED",
        issuedAt: ISSUED_AT,
        extensions: { transferLimit: { limit: 2, periodDays: 30, used: 2, nextTransferAt } },
      }),
    );
    key = setup.key;

    expect(await activate(setup.call)).toMatchObject({
      ok: false,
      reason: "refused",
      code: "TRANSFER_LIMIT_REACHED",
      nextTransferAt: new Date("2026-03-20T09:30:00.000Z"),
    });
    nextTransferAt = "not a date";
    expect(await activate(setup.call)).toMatchObject({ code: "TRANSFER_LIMIT_REACHED", nextTransferAt: null });
  });

  it("reports an unreachable or rate-limiting portal as no answer", async () => {
    let outage: () => Response = () => {
      throw new TypeError("fetch failed");
    };
    const setup = await portalWith(() => outage());
    expect(await heartbeat(setup.call)).toMatchObject({ ok: false, reason: "unreachable" });
    outage = () => new Response(null, { status: 429, headers: { "retry-after": "90" } });
    expect(await heartbeat(setup.call)).toMatchObject({ ok: false, reason: "rate_limited", retryAfterSeconds: 90 });
    outage = () => new Response("<html>hotel wifi</html>", { headers: { "content-type": "text/html" } });
    expect(await heartbeat(setup.call)).toMatchObject({ ok: false, reason: "unreachable" });
  });

  it("returns the deactivation receipt once it is signed for this device and request", async () => {
    let key!: Awaited<ReturnType<typeof makeSigningKey>>;
    const setup = await portalWith(async (body) => {
      const receipt = await signLicenseFile(key, {
        iss: PORTAL_URL,
        aud: DEACTIVATION_RECEIPT_AUDIENCE,
        sub: LICENSE_ID,
        device: DEVICE_ID,
        // The portal knows the device it released, whatever fingerprint the request carried.
        fph: await fingerprintHash(LICENSE_ID, FINGERPRINT),
        deactivated_at: toSeconds(ISSUED_AT),
        iat: toSeconds(ISSUED_AT),
        nonce: body.nonce,
      });
      return Response.json({ device: { id: DEVICE_ID, name: "x", platform: "x", status: "deactivated" }, receipt });
    });
    key = setup.key;

    expect(await deactivate(setup.call)).toMatchObject({
      ok: true,
      deviceId: DEVICE_ID,
      deactivatedAt: new Date(ISSUED_AT),
      receipt: expect.any(String),
    });
    expect(await deactivate({ ...setup.call, fingerprint: "another-machine-0002" })).toMatchObject({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("sends the license PIN when given, and reports PIN_REQUIRED / PIN_INVALID as pin_required with the reason", async () => {
    const pinProblem = (code: string, unusualActivation: boolean) =>
      Response.json(
        {
          type: `https://rekey.dev/problems/${code.toLowerCase()}`,
          title: "License PIN required",
          status: 403,
          code,
          detail: `Asked: ${code}.`,
          unusualActivation,
        },
        { status: 403, headers: { "content-type": "application/problem+json" } },
      );
    let key!: Awaited<ReturnType<typeof makeSigningKey>>;
    const setup = await portalWith((body) =>
      body.pin === undefined
        ? pinProblem("PIN_REQUIRED", true)
        : body.pin === "4711"
          ? lease(key, body)
          : pinProblem("PIN_INVALID", false),
    );
    key = setup.key;

    expect(await activate(setup.call)).toEqual({
      ok: false,
      reason: "pin_required",
      code: "PIN_REQUIRED",
      detail: "Asked: PIN_REQUIRED.",
      isUnusualActivation: true,
    });
    expect(await activate({ ...setup.call, pin: "0000" })).toMatchObject({
      ok: false,
      reason: "pin_required",
      code: "PIN_INVALID",
      isUnusualActivation: false,
    });
    expect(await activate({ ...setup.call, pin: "4711" })).toMatchObject({ ok: true, lease: { deviceId: DEVICE_ID } });
    expect(setup.portal.requests.filter((r) => r.method === "POST").at(-1)?.body).toMatchObject({ pin: "4711" });
  });
});

describe("reading a stored lease", () => {
  it("accepts this machine's lease even past its expiry, so its grace can be used offline", async () => {
    let key!: Awaited<ReturnType<typeof makeSigningKey>>;
    const setup = await portalWith((body) => lease(key, body));
    key = setup.key;
    const result = await activate(setup.call);
    if (!result.ok) throw new Error(result.detail);

    const offlineKeys = createJwksCache({ jwks: makeJwks(key) });
    expect(await readStoredLease(result.lease.token, offlineKeys, { fingerprint: FINGERPRINT })).toEqual({
      ok: true,
      lease: result.lease,
    });
    expect(
      await readStoredLease(result.lease.token, offlineKeys, { fingerprint: "another-machine-0002" }),
    ).toMatchObject({ ok: false, reason: "other_device" });
    const [header, , signature] = result.lease.token.split(".");
    expect(
      await readStoredLease(`${header}.${Buffer.from("{}").toString("base64url")}.${signature}`, offlineKeys, {
        fingerprint: FINGERPRINT,
      }),
    ).toMatchObject({ ok: false, reason: "invalid" });
  });
});
