import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createLocalJWKSet, jwtVerify } from "jose";
import * as t from "@/lib/db/schema";
import { devMailboxMailer } from "@/lib/notify";
import { validateLicenseKey } from "@/lib/licensing";
import { dumpDatabase } from "@/testing/dump-database";
import { useDeviceTestbed } from "@/testing/device-testbed";
import { apiCtx, makeLicenseWithKey } from "@/testing/factories";
import { FLOATING_LEASE_AUDIENCE } from "@/packages/sdk/src/device-protocol";
import { fingerprintHash } from "@/packages/sdk/src/fingerprint-hash";
import {
  activateDevice,
  checkoutFloatingLease,
  listFloatingLeases,
  releaseFloatingLease,
  returnFloatingLease,
} from "./index";

const START = "2026-11-23T12:00:00Z";
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const ISSUER = "https://portal.example/";

describe("floating seats: checkout, heartbeat, release, borrowing (issue 18)", () => {
  const testbed = useDeviceTestbed(() => new Date(START));
  const { secrets, fingerprints } = testbed;
  const deps = () => ({
    hasher: secrets.hasher,
    signer: testbed.signer,
    issuer: ISSUER,
    portalUrl: "https://portal.example",
    mailer: devMailboxMailer,
  });

  async function floatingCustomer({ seats = 2, maxBorrowDays = 7 } = {}) {
    let at = Date.parse(START);
    const now = () => new Date(at);
    const made = await makeLicenseWithKey(testbed.db, secrets, { now, seats });
    await testbed.db
      .update(t.editions)
      .set({ seatModel: "floating", floatingLeaseMinutes: 15, maxBorrowDays })
      .where(eq(t.editions.id, made.license.editionId));
    const api = apiCtx(testbed.db, now);
    const key = made.key.plaintext;
    return {
      ...made,
      now,
      advanceMinutes: (minutes: number) => (at += minutes * MINUTE_MS),
      checkout: (fingerprint: string, extra: { name?: string; borrowDays?: number; nonce?: string } = {}) =>
        checkoutFloatingLease(api, { key, fingerprint, ...extra }, deps()),
      heartbeat: (fingerprint: string) => checkoutFloatingLease(api, { key, fingerprint }, deps(), { isRenewal: true }),
      release: (fingerprint: string) => returnFloatingLease(api, { key, fingerprint }, deps()),
    };
  }

  it("leases a seat to a machine, signed and bound to its hashed fingerprint, and renews the same lease on checkout again", async () => {
    const { license, checkout } = await floatingCustomer();
    const fingerprint = fingerprints.next();
    const answer = await checkout(fingerprint, { name: "render-node-3", nonce: "nonce-checkout-1" });
    expect(answer).toMatchObject({
      isNew: true,
      seats: { total: 2, taken: 1 },
      lease: { kind: "online", status: "held", holderName: "render-node-3" },
    });
    expect(answer.lease.expiresAt).toBe(new Date(Date.parse(START) + 15 * MINUTE_MS).toISOString());
    expect(answer.licenseFile).toBeUndefined();
    const { payload } = await jwtVerify(answer.lease.token, createLocalJWKSet(testbed.jwks), {
      audience: FLOATING_LEASE_AUDIENCE,
      currentDate: new Date(START),
    });
    expect(payload).toMatchObject({
      sub: license.id,
      lease: answer.lease.id,
      kind: "online",
      nonce: "nonce-checkout-1",
      fph: await fingerprintHash(license.id, fingerprint),
    });
    const again = await checkout(fingerprint);
    expect(again).toMatchObject({ isNew: false, lease: { id: answer.lease.id }, seats: { taken: 1 } });
  });

  it("refuses a checkout with NO_FLOATING_SEAT while every seat is leased, and frees a seat when its lease expires unrenewed", async () => {
    const { checkout, heartbeat, advanceMinutes } = await floatingCustomer({ seats: 2 });
    const [first, second, third] = [fingerprints.next(), fingerprints.next(), fingerprints.next()];
    await checkout(first);
    await checkout(second);
    await expect(checkout(third)).rejects.toMatchObject({ code: "NO_FLOATING_SEAT", status: 409 });
    advanceMinutes(10);
    await heartbeat(first);
    advanceMinutes(10);
    // `second` never renewed: its lease ended 5 minutes ago and its seat is free without any worker.
    await expect(heartbeat(second)).rejects.toMatchObject({ code: "NOT_ACTIVATED" });
    expect(await checkout(third)).toMatchObject({ isNew: true, seats: { total: 2, taken: 2 } });
  });

  it("tells validation how many floating seats are in use of the total, counting only leases not yet expired", async () => {
    const { key, checkout, advanceMinutes, now } = await floatingCustomer({ seats: 3 });
    const validate = () =>
      validateLicenseKey(
        testbed.db,
        { key: key.plaintext },
        { hasher: secrets.hasher, now: now(), portalUrl: "https://portal.example" },
      );
    expect((await validate()).license).toMatchObject({ seatModel: "floating", floatingSeats: { total: 3, inUse: 0 } });
    await checkout(fingerprints.next());
    await checkout(fingerprints.next());
    expect((await validate()).license?.floatingSeats).toEqual({ total: 3, inUse: 2 });
    advanceMinutes(16);
    expect((await validate()).license?.floatingSeats).toEqual({ total: 3, inUse: 0 });
  });

  it("frees the seat at once when the client releases it, and answers a second release with NOT_ACTIVATED", async () => {
    const { checkout, release } = await floatingCustomer({ seats: 1 });
    const [first, second] = [fingerprints.next(), fingerprints.next()];
    await checkout(first);
    await expect(checkout(second)).rejects.toMatchObject({ code: "NO_FLOATING_SEAT" });
    expect(await release(first)).toMatchObject({ lease: { status: "released" } });
    await expect(release(first)).rejects.toMatchObject({ code: "NOT_ACTIVATED" });
    expect(await checkout(second)).toMatchObject({ isNew: true });
  });

  it("gives exactly as many leases as seats to 20 clients racing for 5", async () => {
    const { license, checkout } = await floatingCustomer({ seats: 5 });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => checkout(fingerprints.next(`racer-${i}`))),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(5);
    for (const result of results)
      if (result.status === "rejected") expect(result.reason).toMatchObject({ code: "NO_FLOATING_SEAT" });
    const held = await testbed.db.select().from(t.floatingLeases).where(eq(t.floatingLeases.licenseId, license.id));
    expect(held).toHaveLength(5);
  });

  it("borrows a seat for offline use with a signed license file that ends with the borrowing, up to the edition's maximum", async () => {
    const { license, checkout, release } = await floatingCustomer({ seats: 1, maxBorrowDays: 7 });
    const fingerprint = fingerprints.next();
    await expect(checkout(fingerprint, { borrowDays: 8 })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      fieldErrors: { borrowDays: ["This edition lets a seat be borrowed for at most 7 days."] },
    });
    const borrowed = await checkout(fingerprint, { borrowDays: 7 });
    const borrowEnd = new Date(Date.parse(START) + 7 * DAY_MS);
    expect(borrowed.lease).toMatchObject({ kind: "borrowed", expiresAt: borrowEnd.toISOString() });
    const { payload } = await jwtVerify(borrowed.licenseFile!, createLocalJWKSet(testbed.jwks), {
      currentDate: new Date(START),
    });
    expect(payload).toMatchObject({
      sub: license.id,
      lease: borrowed.lease.id,
      borrowed: true,
      grace_days: 0,
      exp: borrowEnd.getTime() / 1000,
      fph: await fingerprintHash(license.id, fingerprint),
    });
    await expect(
      jwtVerify(borrowed.licenseFile!, createLocalJWKSet(testbed.jwks), {
        currentDate: new Date(borrowEnd.getTime() + 1000),
      }),
    ).rejects.toMatchObject({ code: "ERR_JWT_EXPIRED" });
    // A heartbeat never shortens a borrowing; returning it early frees the seat.
    expect((await checkout(fingerprint)).lease).toMatchObject({ kind: "borrowed", expiresAt: borrowEnd.toISOString() });
    await release(fingerprint);
    expect(await checkout(fingerprints.next())).toMatchObject({ isNew: true });
  });

  it("refuses borrowing on an edition without it, naming the field", async () => {
    const { checkout } = await floatingCustomer({ maxBorrowDays: 0 });
    await expect(checkout(fingerprints.next(), { borrowDays: 1 })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      fieldErrors: { borrowDays: ["This edition does not allow borrowing seats for offline use."] },
    });
  });

  it("answers SEAT_MODEL_MISMATCH to a device activation on a floating license and to a checkout on a device license", async () => {
    const floating = await floatingCustomer();
    await expect(
      activateDevice(
        apiCtx(testbed.db),
        { key: floating.key.plaintext, fingerprint: fingerprints.next() },
        {
          ...deps(),
          caller: { ip: "203.0.113.9" },
        },
      ),
    ).rejects.toMatchObject({ code: "SEAT_MODEL_MISMATCH" });
    const perDevice = await makeLicenseWithKey(testbed.db, secrets);
    await expect(
      checkoutFloatingLease(
        apiCtx(testbed.db),
        { key: perDevice.key.plaintext, fingerprint: fingerprints.next() },
        deps(),
      ),
    ).rejects.toMatchObject({ code: "SEAT_MODEL_MISMATCH" });
  });

  it("shows the owner who holds each current lease and lets the owner, not a member, release one", async () => {
    const { license, ctx, checkout, heartbeat } = await floatingCustomer();
    const fingerprint = fingerprints.next();
    const { lease } = await checkout(fingerprint, { name: "build-agent-1" });
    const overview = await listFloatingLeases(ctx, license.id);
    expect(overview).toMatchObject({
      seats: 2,
      maxBorrowDays: 7,
      leases: [{ id: lease.id, holderName: "build-agent-1" }],
    });
    await expect(
      releaseFloatingLease({ ...ctx, memberRole: "member" }, { licenseId: license.id, leaseId: lease.id }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await releaseFloatingLease(ctx, { licenseId: license.id, leaseId: lease.id });
    expect((await listFloatingLeases(ctx, license.id))?.leases).toEqual([]);
    await expect(heartbeat(fingerprint)).rejects.toMatchObject({ code: "NOT_ACTIVATED" });
    await expect(releaseFloatingLease(ctx, { licenseId: license.id, leaseId: lease.id })).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("never stores a fingerprint in any form but its keyed digest", async () => {
    const dump = await dumpDatabase(testbed.db);
    for (const fingerprint of fingerprints.issued) expect(dump).not.toContain(fingerprint);
  });
});
