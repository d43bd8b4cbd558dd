/**
 * Usage quotas (issue 18): `recordUsage` counts metered use (an export, a render) against the
 * license's quota for the period and answers what is left. Give every record an `id` of its own
 * (e.g. `crypto.randomUUID()`) and send the same `id` when retrying: the portal counts an id once.
 * A refusal (QUOTA_EXHAUSTED past what the edition's overage strategy allows) is believed only
 * when signed, as for devices; the answer itself comes over TLS and is advisory.
 */
import { callDeviceApi, type DeviceCallOptions, type DeviceLeaseResult } from "./device-lease.ts";
import { isRecord } from "./is-record.ts";
import { badSignature } from "./portal-request.ts";
import { OVERAGE_STRATEGIES, USAGE_PERIODS, type OverageStrategy, type UsagePeriod } from "./licensing-models.ts";

/** One meter's use this period, as the portal counted it. */
export interface MeterUsage {
  meter: string;
  period: UsagePeriod;
  periodStartsAt: Date;
  /** The quota starts afresh then. */
  periodEndsAt: Date;
  limit: number;
  used: number;
  /** 0 once the quota is used up. */
  remaining: number;
  /** Used beyond the quota (only where the overage strategy allows it). */
  overage: number;
  overageStrategy: OverageStrategy;
}

/**
 * `code` QUOTA_EXHAUSTED with `ok: true`: this record counted and nothing is left this period.
 * `refused` with QUOTA_EXHAUSTED: not counted; stop the metered action and show the user `detail`
 * (it says where to see the usage). Other failures as for devices.
 */
export type UsageResult =
  | { ok: true; code: "VALID" | "QUOTA_EXHAUSTED"; replayed: boolean; usage: MeterUsage }
  | Exclude<DeviceLeaseResult, { ok: true }>;

export interface RecordUsageOptions extends Omit<DeviceCallOptions, "fingerprint"> {
  /** The metered entitlement's code, e.g. `exports`. */
  meter: string;
  /** How much was used; 1 by default. */
  quantity?: number;
  /** Unique per record and reused on retry, so a retried call never counts twice. */
  id: string;
}

export async function recordUsage({ meter, quantity = 1, id, ...options }: RecordUsageOptions): Promise<UsageResult> {
  const answer = await callDeviceApi("usage", { meter, quantity, id }, options);
  if (!answer.ok) return answer;
  const usage = readUsage(answer.body.usage);
  const record = isRecord(answer.body.record) ? answer.body.record : {};
  const code = answer.body.code;
  if (!usage || (code !== "VALID" && code !== "QUOTA_EXHAUSTED"))
    return badSignature("The usage answer lacks its fields.");
  return { ok: true, code, replayed: record.replayed === true, usage };
}

function readUsage(value: unknown): MeterUsage | null {
  if (!isRecord(value)) return null;
  const { meter, period, periodStartsAt, periodEndsAt, limit, used, remaining, overage, overageStrategy } = value;
  const strategy = OVERAGE_STRATEGIES.find((known) => known === overageStrategy);
  const knownPeriod = USAGE_PERIODS.find((known) => known === period);
  const numbers = [limit, used, remaining, overage];
  if (
    typeof meter !== "string" ||
    !strategy ||
    !knownPeriod ||
    typeof periodStartsAt !== "string" ||
    typeof periodEndsAt !== "string" ||
    !numbers.every((number) => typeof number === "number")
  )
    return null;
  return {
    meter,
    period: knownPeriod,
    periodStartsAt: new Date(periodStartsAt),
    periodEndsAt: new Date(periodEndsAt),
    limit: limit as number,
    used: used as number,
    remaining: remaining as number,
    overage: overage as number,
    overageStrategy: strategy,
  };
}
