import { describe, expect, it } from "vitest";
import {
  answerWithLease,
  answerWithRefusal,
  createFakePortal,
  makeJwks,
  makeSigningKey,
  PORTAL_URL,
  type DeviceRequestBody,
  type SigningKey,
} from "../testing/factories.ts";
import { createJwksCache } from "./jwks-cache.ts";
import { startHeartbeatLoop, type LeaseStorage, type Timers } from "./heartbeat-loop.ts";

const START = "2026-03-01T12:00:00Z";
const HOUR_MS = 3_600_000;
const LICENSE_ID = "6f1c9a53-5d5e-4c41-9d64-0b9a3f1e7c10";
const DEVICE_ID = "0b0f4a57-8a43-4a36-8d53-8f0d2b8a9c21";
const FINGERPRINT = "machine-fingerprint-0001";

/** A clock and timers the test drives: each `runNext` jumps to the next scheduled beat and runs it. */
function createScheduler(iso = START) {
  let nowMs = Date.parse(iso);
  const tasks = new Set<{ at: number; callback: () => void }>();
  const delays: number[] = [];
  const timers: Timers = {
    setTimeout(callback, ms) {
      delays.push(ms);
      const task = { at: nowMs + ms, callback };
      tasks.add(task);
      return task;
    },
    clearTimeout: (task) => tasks.delete(task as { at: number; callback: () => void }),
  };
  return {
    now: () => new Date(nowMs),
    timers,
    delays,
    pending: () => tasks.size,
    runNext() {
      const next = [...tasks].sort((a, b) => a.at - b.at)[0];
      if (!next) throw new Error("no beat scheduled");
      tasks.delete(next);
      nowMs = Math.max(nowMs, next.at);
      next.callback();
    },
    advance: (ms: number) => (nowMs += ms),
  };
}

type Behaviour = "lease" | "down" | "refuse" | "unsigned-refusal" | "rate-limited";

/** A portal whose answer the test switches, signing leases of `leaseHours` at the scheduler's time. */
async function createDevicePortal(scheduler: ReturnType<typeof createScheduler>, leaseHours = 24) {
  const key = await makeSigningKey();
  const state = { behaviour: "lease" as Behaviour, actions: [] as string[] };
  const answer = (body: DeviceRequestBody, signer: SigningKey): Promise<Response> | Response => {
    const issuedAt = scheduler.now().toISOString();
    switch (state.behaviour) {
      case "lease":
        return answerWithLease(signer, body, {
          licenseId: LICENSE_ID,
          deviceId: DEVICE_ID,
          issuedAt,
          leaseSeconds: leaseHours * 3600,
          graceDays: 7,
        });
      case "refuse":
        return answerWithRefusal(signer, body, { code: "NOT_ACTIVATED", issuedAt });
      case "unsigned-refusal":
        return answerWithRefusal(signer, body, { code: "NOT_ACTIVATED", issuedAt, isSigned: false });
      case "rate-limited":
        return new Response(null, { status: 429, headers: { "retry-after": "7200" } });
      case "down":
        throw new TypeError("fetch failed");
    }
  };
  const portal = createFakePortal({
    jwks: () => makeJwks(key),
    devices: (action, body) => {
      state.actions.push(action);
      return answer(body, key);
    },
  });
  // Bundled keys: the app can check a stored lease at start-up without the network.
  const jwks = createJwksCache({ jwks: makeJwks(key) });
  return { key, portal, jwks, state };
}

function memoryStorage(initial: string | null = null): LeaseStorage & { value: () => string | null } {
  let stored = initial;
  return {
    get: async () => stored,
    set: async (token) => {
      stored = token;
    },
    value: () => stored,
  };
}

async function startLoop(options: { leaseHours?: number } = {}) {
  const scheduler = createScheduler();
  const device = await createDevicePortal(scheduler, options.leaseHours);
  const storage = memoryStorage();
  const loop = startHeartbeatLoop({
    baseUrl: PORTAL_URL,
    key: "RK-7F3Q-K9M2-XW4D-8HNB-T",
    fingerprint: FINGERPRINT,
    product: "studio",
    jwks: device.jwks,
    fetch: device.portal.fetch,
    now: scheduler.now,
    timers: scheduler.timers,
    random: () => 1,
    backoff: { initialMs: 60_000, maxMs: 4 * HOUR_MS },
    storage,
  });
  const beat = async () => {
    scheduler.runNext();
    await loop.whenIdle();
    return loop.state();
  };
  return { scheduler, device, storage, loop, beat };
}

describe("the heartbeat loop", () => {
  it("activates on first start, keeps the lease, and renews it at half its lifetime", async () => {
    const { loop, device, storage, scheduler, beat } = await startLoop();
    expect(await loop.ready).toMatchObject({ state: "licensed", lease: { deviceId: DEVICE_ID } });
    expect(storage.value()).toEqual(expect.any(String));
    expect(scheduler.delays).toEqual([12 * HOUR_MS]);

    expect(await beat()).toMatchObject({ state: "licensed" });
    expect(device.state.actions).toEqual(["activate", "heartbeat"]);
    expect(scheduler.delays).toEqual([12 * HOUR_MS, 12 * HOUR_MS]);
    loop.stop();
    expect(scheduler.pending()).toBe(0);
  });

  it("backs off exponentially while the portal is unreachable, runs on the cached lease until its grace ends, then stops being licensed", async () => {
    const { loop, device, scheduler, beat } = await startLoop();
    await loop.ready;
    device.state.behaviour = "down";

    expect(await beat()).toMatchObject({ state: "licensed" });
    for (let i = 0; i < 5; i += 1) await beat();
    expect(scheduler.delays.slice(1)).toEqual([60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000]);

    scheduler.advance(12 * HOUR_MS);
    expect(loop.state()).toMatchObject({
      state: "degraded",
      graceEndsAt: new Date("2026-03-09T12:00:00Z"),
      detail: expect.stringContaining("2026-03-09"),
    });
    for (let i = 0; i < 4; i += 1) await beat();
    expect(scheduler.delays.slice(-4)).toEqual([3_840_000, 7_680_000, 4 * HOUR_MS, 4 * HOUR_MS]);
    expect(loop.state()).toMatchObject({ state: "degraded" });

    scheduler.advance(8 * 24 * HOUR_MS);
    expect(loop.state()).toMatchObject({ state: "unlicensed", code: "GRACE_ENDED" });

    device.state.behaviour = "lease";
    expect(await beat()).toMatchObject({ state: "licensed" });
    expect(scheduler.delays.at(-1)).toBe(12 * HOUR_MS);
    loop.stop();
  });

  it("waits at least as long as the portal's Retry-After", async () => {
    const { loop, device, scheduler, beat } = await startLoop();
    await loop.ready;
    device.state.behaviour = "rate-limited";
    await beat();
    expect(scheduler.delays.at(-1)).toBe(2 * HOUR_MS);
    loop.stop();
  });

  it("ends the lease only on a signed refusal, and then stops beating", async () => {
    const { loop, device, storage, scheduler, beat } = await startLoop();
    await loop.ready;
    device.state.behaviour = "unsigned-refusal";
    expect(await beat()).toMatchObject({ state: "licensed" });
    expect(storage.value()).not.toBeNull();

    device.state.behaviour = "refuse";
    expect(await beat()).toEqual({ state: "unlicensed", code: "NOT_ACTIVATED", detail: "Refused: NOT_ACTIVATED." });
    expect(storage.value()).toBeNull();
    expect(scheduler.pending()).toBe(0);
    loop.stop();
  });

  it("starts from a stored lease with a heartbeat, and ignores a stored lease that is not this machine's", async () => {
    const first = await startLoop();
    await first.loop.ready;
    first.loop.stop();

    const scheduler = createScheduler();
    const device = await createDevicePortal(scheduler);
    const storage = memoryStorage(first.storage.value());
    const options = {
      baseUrl: PORTAL_URL,
      key: "RK-7F3Q-K9M2-XW4D-8HNB-T",
      fingerprint: FINGERPRINT,
      jwks: first.device.jwks,
      fetch: device.portal.fetch,
      now: scheduler.now,
      timers: scheduler.timers,
    };
    const resumed = startHeartbeatLoop({ ...options, storage });
    await resumed.ready;
    expect(device.state.actions).toEqual(["heartbeat"]);
    resumed.stop();

    const stranger = startHeartbeatLoop({
      ...options,
      fingerprint: "another-machine-0002",
      storage: memoryStorage(first.storage.value()),
    });
    await stranger.ready;
    expect(device.state.actions).toEqual(["heartbeat", "activate"]);
    stranger.stop();
  });
});
