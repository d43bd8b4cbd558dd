import { eq } from "drizzle-orm";
import { fingerprintHash } from "@rekey/sdk";
import { appendAuditEvent } from "@/lib/audit";
import type { Ctx } from "@/lib/context";
import { floatingLeases } from "@/lib/db/schema";
import { InvalidInput } from "@/lib/errors";
import type { CheckoutLeaseRequest, FloatingLeaseResponse } from "@/lib/validations/api";
import {
  isPastEndButWorking,
  lockLicenseForClient,
  refuse,
  type ClientLicense,
  type DeviceApiDeps,
  usableUntil,
} from "./client-license";
import { describeFloatingLease } from "./describe-floating-lease";
import { signBorrowedLicenseFile, signFloatingLease } from "./floating-lease-tokens";
import type { FloatingLease } from "./floating-lease-transitions";
import { countTakenFloatingSeats, findHeldLease, findLicensingModel, type LicensingModel } from "./floating-seats";
import { onlineFingerprintDigest } from "./fingerprint-digest";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
export const UNNAMED_HOLDER = "Unnamed machine";

/**
 * Client software takes one of a floating license's concurrent seats (issue 18), or renews the
 * one it holds (`isRenewal`: the heartbeat, which never takes a new seat). A machine that holds
 * an unexpired lease keeps it; otherwise a seat is free when fewer than `seats` other leases are
 * unexpired, counted behind the license row lock, so racing clients get exactly `seats` leases.
 * `borrowDays` checks the seat out for offline use, up to the edition's maximum, and the answer
 * carries a signed license file valid until the borrowing ends. A license in its expiry grace
 * renews the leases it has and hands out no new one, as devices do.
 */
export async function checkoutFloatingLease(
  ctx: Ctx,
  input: CheckoutLeaseRequest,
  deps: DeviceApiDeps,
  { isRenewal = false }: { isRenewal?: boolean } = {},
): Promise<FloatingLeaseResponse & { isNew: boolean }> {
  const now = ctx.now();
  const fingerprintDigest = onlineFingerprintDigest(deps.hasher, input.fingerprint);
  const { client, lease, taken, isNew } = await ctx.db.transaction(async (tx) => {
    const client = await lockLicenseForClient(tx, input, { hasher: deps.hasher, now, portalUrl: deps.portalUrl });
    const model = await findLicensingModel(tx, client.license.editionId);
    if (model.seatModel !== "floating") throw refuse("SEAT_MODEL_MISMATCH", client, deps.portalUrl);
    assertBorrowable(model, input.borrowDays);
    const held = await findHeldLease(tx, client.license.id, fingerprintDigest);
    const isCurrent = held !== undefined && held.expiresAt > now;
    if (!isCurrent && isRenewal) throw refuse("NOT_ACTIVATED", client, deps.portalUrl);
    if (!isCurrent && isPastEndButWorking(client))
      throw refuse("EXPIRED", client, deps.portalUrl, {
        date: client.license.expiresAt ?? undefined,
        isNewDevice: true,
      });
    const others = await countTakenFloatingSeats(tx, { licenseId: client.license.id, now, exceptLeaseId: held?.id });
    if (!isCurrent && others >= client.license.seats) throw refuse("NO_FLOATING_SEAT", client, deps.portalUrl);
    const expiresAt = leaseEnd(client, model, {
      now,
      borrowDays: input.borrowDays,
      heldUntil: isCurrent ? held.expiresAt : null,
    });
    const values = {
      holderName: input.name ?? held?.holderName ?? UNNAMED_HOLDER,
      kind: input.borrowDays || (isCurrent && held.kind === "borrowed") ? ("borrowed" as const) : ("online" as const),
      expiresAt,
      ...(isCurrent ? {} : { checkedOutAt: now }),
    };
    const [lease] = held
      ? await tx.update(floatingLeases).set(values).where(eq(floatingLeases.id, held.id)).returning()
      : await tx
          .insert(floatingLeases)
          .values({ licenseId: client.license.id, fingerprintDigest, checkedOutAt: now, createdAt: now, ...values })
          .returning();
    // A heartbeat is not worth a line in the history; taking a seat and borrowing one are.
    if (!isCurrent || input.borrowDays)
      await appendAuditEvent(tx, {
        actor: ctx.actor,
        at: now,
        orgId: client.license.orgId,
        action: input.borrowDays ? "floating_lease.borrowed" : "floating_lease.checked_out",
        subjectType: "license",
        subjectId: client.license.id,
        data: { leaseId: lease!.id, holderName: lease!.holderName, expiresAt: lease!.expiresAt.toISOString() },
      });
    return { client, lease: lease!, taken: others + 1, isNew: !isCurrent };
  });
  return {
    ...(await answerFor(client, lease, input, { ...deps, now })),
    seats: { total: client.license.seats, taken },
    isNew,
  };
}

/** Borrowing is the edition's choice: off (0 days) or up to its maximum; the refusal names the field. */
function assertBorrowable(model: LicensingModel, borrowDays: number | undefined) {
  if (borrowDays === undefined) return;
  if (model.maxBorrowDays === 0)
    throw new InvalidInput("This license cannot be borrowed.", {
      borrowDays: ["This edition does not allow borrowing seats for offline use."],
    });
  if (borrowDays > model.maxBorrowDays)
    throw new InvalidInput("Borrow for fewer days.", {
      borrowDays: [`This edition lets a seat be borrowed for at most ${model.maxBorrowDays} days.`],
    });
}

/**
 * Online leases last the edition's lease minutes from now; a borrowing its days. Renewing never
 * shortens a lease (a borrowed seat stays borrowed), and nothing outlives the license or its grace.
 */
function leaseEnd(
  client: ClientLicense,
  model: LicensingModel,
  { now, borrowDays, heldUntil }: { now: Date; borrowDays?: number; heldUntil: Date | null },
): Date {
  const wanted = now.getTime() + (borrowDays ? borrowDays * DAY_MS : model.floatingLeaseMinutes * MINUTE_MS);
  const longest = Math.max(wanted, heldUntil?.getTime() ?? 0);
  return new Date(Math.min(longest, usableUntil(client)?.getTime() ?? Number.POSITIVE_INFINITY));
}

async function answerFor(
  client: ClientLicense,
  lease: FloatingLease,
  input: CheckoutLeaseRequest,
  deps: Pick<DeviceApiDeps, "signer" | "issuer"> & { now: Date },
): Promise<Omit<FloatingLeaseResponse, "seats">> {
  const boundTo = await fingerprintHash(client.license.id, input.fingerprint);
  const token = await signFloatingLease(deps, { client, lease, fingerprintHash: boundTo, nonce: input.nonce ?? null });
  const licenseFile = input.borrowDays
    ? await signBorrowedLicenseFile(deps, { client, lease, fingerprintHash: boundTo })
    : undefined;
  return { lease: { ...describeFloatingLease(lease), token }, ...(licenseFile ? { licenseFile } : {}) };
}
