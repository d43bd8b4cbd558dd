import { and, asc, count, eq, gt, isNull } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { devices, deviceTransfers, editions, licenseSeatGrants } from "@/lib/db/schema";
import { NAMED_USER_SEAT_MODEL } from "@/lib/seats/named-user-seats";
import { DEFAULT_TRANSFER_PERIOD_DAYS } from "@/lib/validations/catalog";
import { type Device, isDeactivated } from "./device-transitions";

/**
 * Device transfer limits (issue 18), in one place: which activations move a seat, and how many
 * moves an edition allows per rolling period. A seat's first device is free; a transfer is
 * - a new device taking a seat once the license has had as many devices as seats (the seat it takes
 *   was someone else's), or
 * - a device the customer (or support) deactivated taking a seat back.
 * A device that only lapsed (inactive after missed heartbeats) coming back is not a transfer: it
 * never gave its seat away on purpose, and counting it would punish a laptop for a holiday.
 * On a named-user edition the same limit counts seats moving to another person instead: an owner's
 * assignment once the license has given out as many seats as it has (license_seat_grants).
 */
const DAY_MS = 86_400_000;

export interface TransferRule {
  maxDeviceTransfers: number | null;
  deviceTransferPeriodDays: number;
  /** `user`: the limit counts seats moving to another person (named users), else to another device. */
  seatModel: string;
}

/** Where a license stands against its edition's limit: what the portal shows and refusals name. */
export interface TransferAllowance {
  limit: number;
  periodDays: number;
  /** What a seat moves to: another device, or (named users) another person. */
  movesTo: "device" | "person";
  used: number;
  left: number;
  /** When the oldest counted transfer leaves the window, if none is left now. */
  nextTransferAt: Date | null;
}

export async function findTransferRule(db: Executor, editionId: string): Promise<TransferRule> {
  const [rule] = await db
    .select({
      maxDeviceTransfers: editions.maxDeviceTransfers,
      deviceTransferPeriodDays: editions.deviceTransferPeriodDays,
      seatModel: editions.seatModel,
    })
    .from(editions)
    .where(eq(editions.id, editionId));
  return (
    rule ?? { maxDeviceTransfers: null, deviceTransferPeriodDays: DEFAULT_TRANSFER_PERIOD_DAYS, seatModel: "device" }
  );
}

/** Whether giving `device` (null: a new one) a seat on this license moves a seat (see above). */
export async function isSeatTransfer(
  db: Executor,
  { licenseId, seats, device }: { licenseId: string; seats: number; device: Pick<Device, "status"> | null },
): Promise<boolean> {
  if (device) return isDeactivated(device);
  const [bound] = await db.select({ n: count() }).from(devices).where(eq(devices.licenseId, licenseId));
  return (bound?.n ?? 0) >= seats;
}

/** The license's transfers counted now, against its edition's rule; null when the edition has no limit. */
export async function findTransferAllowance(
  db: Executor,
  { licenseId, rule, now }: { licenseId: string; rule: TransferRule; now: Date },
): Promise<TransferAllowance | null> {
  if (rule.maxDeviceTransfers === null) return null;
  const periodMs = rule.deviceTransferPeriodDays * DAY_MS;
  const since = new Date(now.getTime() - periodMs);
  const movesTo = rule.seatModel === NAMED_USER_SEAT_MODEL ? "person" : "device";
  const counted =
    movesTo === "person"
      ? await db
          .select({ transferredAt: licenseSeatGrants.grantedAt })
          .from(licenseSeatGrants)
          .where(
            and(
              eq(licenseSeatGrants.licenseId, licenseId),
              eq(licenseSeatGrants.isReassignment, true),
              isNull(licenseSeatGrants.waivedAt),
              gt(licenseSeatGrants.grantedAt, since),
            ),
          )
          .orderBy(asc(licenseSeatGrants.grantedAt))
      : await db
          .select({ transferredAt: deviceTransfers.transferredAt })
          .from(deviceTransfers)
          .where(
            and(
              eq(deviceTransfers.licenseId, licenseId),
              isNull(deviceTransfers.waivedAt),
              gt(deviceTransfers.transferredAt, since),
            ),
          )
          .orderBy(asc(deviceTransfers.transferredAt));
  const limit = rule.maxDeviceTransfers;
  const used = counted.length;
  // With the limit reached, the next move is possible once enough of the oldest leave the window.
  const freeingTransfer = used >= limit ? counted[used - limit] : undefined;
  return {
    limit,
    periodDays: rule.deviceTransferPeriodDays,
    movesTo,
    used,
    left: Math.max(0, limit - used),
    nextTransferAt: freeingTransfer ? new Date(freeingTransfer.transferredAt.getTime() + periodMs) : null,
  };
}

/** The sentence every refusal past the limit starts with (device API, portal): the limit and the next move. */
export function describeTransferLimitReached({
  limit,
  periodDays,
  nextTransferAt,
  movesTo = "device",
}: {
  limit: number;
  periodDays: number;
  nextTransferAt?: Date | null;
  movesTo?: TransferAllowance["movesTo"];
}): string {
  const next = nextTransferAt
    ? `The next move is possible on ${nextTransferAt.toISOString().slice(0, 16).replace("T", " ")} UTC`
    : "This edition allows no moves";
  return `This license's seats may move to another ${movesTo} ${limit} times in ${periodDays} days, and that many moves were made. ${next}`;
}

/** Where a license stands against its edition's transfer limit now (null: unlimited): what the portal and support show. */
export async function findLicenseTransferAllowance(
  db: Executor,
  { licenseId, editionId, now }: { licenseId: string; editionId: string; now: Date },
): Promise<TransferAllowance | null> {
  return findTransferAllowance(db, { licenseId, rule: await findTransferRule(db, editionId), now });
}
