/**
 * Keeps this machine's lease alive in the background: renews it at half its lifetime, retries with
 * exponential backoff (and jitter, so a fleet does not retry in step) while the portal cannot be
 * reached, and degrades gracefully: a cached lease keeps the app licensed until its grace end.
 * Only a signed refusal ends the lease early. Timers and clock are injectable, so tests run
 * through days of heartbeats without sleeping.
 */
import {
  activate,
  heartbeat,
  readStoredLease,
  type DeviceCallOptions,
  type DeviceLease,
  type DeviceLeaseResult,
  type DeviceRefusalCode,
} from "./device-lease.ts";

/** Where the current lease is kept between runs (a file, the keychain); `null` clears it. */
export interface LeaseStorage {
  get(): Promise<string | null>;
  set(token: string | null): Promise<void>;
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * `licensed`: the lease is current. `degraded`: the lease has run out but the portal could not be
 * reached, so the app keeps working until `graceEndsAt` (say so to the user). `unlicensed`: no
 * lease, the grace has ended, or the portal said no (`detail` says what to do).
 */
export type LeaseState =
  | { state: "licensed"; lease: DeviceLease }
  | { state: "degraded"; lease: DeviceLease; graceEndsAt: Date; detail: string }
  | { state: "unlicensed"; code: DeviceRefusalCode | "NO_LEASE" | "GRACE_ENDED"; detail: string };

export interface HeartbeatLoopOptions extends DeviceCallOptions {
  /** Sent when the loop has to activate (no usable stored lease). */
  name?: string;
  platform?: string;
  storage?: LeaseStorage;
  timers?: Timers;
  /** First retry after `initialMs`, doubling up to `maxMs`. */
  backoff?: { initialMs?: number; maxMs?: number };
  /** For jitter; tests pass a fixed one. */
  random?: () => number;
  /** Called after every beat with the state it left. */
  onChange?: (state: LeaseState) => void;
}

export interface HeartbeatLoop {
  /** What the app should do now, from the latest lease and the clock. */
  state(): LeaseState;
  /** The state after the first beat: wait for it before deciding at start-up. */
  ready: Promise<LeaseState>;
  /** Resolves once the beat in flight, if any, has finished. */
  whenIdle(): Promise<void>;
  stop(): void;
}

const MIN_DELAY_MS = 1_000;

export function startHeartbeatLoop(options: HeartbeatLoopOptions): HeartbeatLoop {
  const { storage, onChange, random = Math.random, backoff: { initialMs = 30_000, maxMs = 3_600_000 } = {} } = options;
  const now = options.now ?? (() => new Date());
  const timers: Timers = options.timers ?? {
    setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
    clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
  };
  let lease: DeviceLease | null = null;
  let refusal: { code: DeviceRefusalCode; detail: string } | null = null;
  let lastProblem = "This device has not been activated yet.";
  let failures = 0;
  let timer: unknown;
  let isStopped = false;
  let inFlight: Promise<void> = Promise.resolve();

  function state(): LeaseState {
    if (refusal) return { state: "unlicensed", ...refusal };
    if (!lease) return { state: "unlicensed", code: "NO_LEASE", detail: lastProblem };
    const at = now();
    if (at < lease.expiresAt) return { state: "licensed", lease };
    if (at < lease.graceEndsAt) {
      return {
        state: "degraded",
        lease,
        graceEndsAt: lease.graceEndsAt,
        detail: `The license server cannot be reached. This app keeps working until ${lease.graceEndsAt.toISOString()}; connect to the internet before then.`,
      };
    }
    return {
      state: "unlicensed",
      code: "GRACE_ENDED",
      detail:
        "The license server has not been reachable for too long. Connect to the internet so this app can renew its license.",
    };
  }

  function schedule(delayMs: number) {
    if (isStopped) return;
    timer = timers.setTimeout(
      () => {
        inFlight = beat();
      },
      Math.max(MIN_DELAY_MS, delayMs),
    );
  }

  /** Half the lease's lifetime after it was issued: time to retry before it runs out. */
  const renewalDelay = (renewed: DeviceLease) =>
    renewed.issuedAt.getTime() + (renewed.expiresAt.getTime() - renewed.issuedAt.getTime()) / 2 - now().getTime();

  function retryDelay(result: Exclude<DeviceLeaseResult, { ok: true }>): number {
    const exponential = Math.min(maxMs, initialMs * 2 ** (failures - 1));
    const jittered = exponential * (0.5 + random() / 2);
    return result.reason === "rate_limited" && result.retryAfterSeconds !== null
      ? Math.max(jittered, result.retryAfterSeconds * 1000)
      : jittered;
  }

  async function apply(result: DeviceLeaseResult) {
    if (result.ok) {
      lease = result.lease;
      failures = 0;
      await storage?.set(lease.token);
      schedule(renewalDelay(lease));
    } else if (result.reason === "refused") {
      refusal = { code: result.code, detail: result.detail };
      lease = null;
      await storage?.set(null);
    } else {
      failures += 1;
      lastProblem = `The license server could not be reached (${result.detail}).`;
      schedule(retryDelay(result));
    }
  }

  async function beat(): Promise<void> {
    try {
      await apply(lease ? await heartbeat(options) : await activate(options));
    } catch (error) {
      failures += 1;
      lastProblem = `The license check failed: ${error instanceof Error ? error.message : String(error)}`;
      schedule(Math.min(maxMs, initialMs * 2 ** (failures - 1)));
    }
    if (!isStopped) onChange?.(state());
  }

  const ready = (async () => {
    const stored = await storage?.get();
    if (stored) {
      const reading = await readStoredLease(stored, options.jwks, { fingerprint: options.fingerprint });
      if (reading.ok) lease = reading.lease;
    }
    inFlight = beat();
    await inFlight;
    return state();
  })();

  return {
    state,
    ready,
    whenIdle: async () => {
      await ready;
      await inFlight;
    },
    stop() {
      isStopped = true;
      timers.clearTimeout(timer);
    },
  };
}
