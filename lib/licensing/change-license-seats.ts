import { and, count, eq } from "drizzle-orm";
import { appendAuditEvent, reasonForCustomer } from "@/lib/audit";
import type { VendorCtx } from "@/lib/context";
import { devices, licenses } from "@/lib/db/schema";
import { InvalidInput } from "@/lib/errors";
import type { ReasonedLicenseInput } from "./change-license-status";
import { sendLicenseNotice, type NoticeDeps } from "./license-notices";
import { assertAction } from "@/lib/state-machine";
import { viewerOf } from "@/lib/auth/viewer";
import { licenseMachine } from "./license-transitions";
import { lockLicense } from "./lock-license";
import { recordLicenseEvent } from "./record-license-event";
import { holdsSeatSql } from "@/lib/devices";
import { findLicensingModel } from "@/lib/devices/floating-seats";
import { listSeatHolders, NAMED_USER_SEAT_MODEL } from "@/lib/seats/named-user-seats";
import type { Executor } from "@/lib/db";

/** How many people hold a seat of a named-user license (0 for other seat models). */
async function countNamedSeatHolders(db: Executor, license: { id: string; orgId: string; editionId: string }) {
  if ((await findLicensingModel(db, license.editionId)).seatModel !== NAMED_USER_SEAT_MODEL) return 0;
  return (await listSeatHolders(db, license)).length;
}

/**
 * Support changes how many devices may hold a seat. Never below the devices active now: those
 * would hold seats that do not exist, so staff deactivate some first (and the message says so); on a
 * named-user license, never below the people holding a seat (issue 18), who are unassigned first.
 * Runs behind the license lock that every seat decision takes. The owners are told after it commits.
 */
export async function changeLicenseSeats(
  ctx: VendorCtx,
  input: ReasonedLicenseInput & { seats: number },
  deps: NoticeDeps,
) {
  const { updated, from } = await ctx.db.transaction(async (tx) => {
    const license = await lockLicense(tx, input.licenseId);
    assertAction(licenseMachine, "changeSeats", license, viewerOf(ctx));
    const [active] = await tx
      .select({ n: count() })
      .from(devices)
      .where(and(eq(devices.licenseId, license.id), holdsSeatSql()));
    const activeDevices = active?.n ?? 0;
    if (input.seats < activeDevices) {
      throw new InvalidInput("Too few seats for the devices in use.", {
        seats: [
          `${activeDevices} devices are active on this license. Deactivate ${activeDevices - input.seats} of them first (Devices, below), then lower the seats to ${input.seats}.`,
        ],
      });
    }
    const seatHolders = await countNamedSeatHolders(tx, license);
    if (input.seats < seatHolders) {
      throw new InvalidInput("Too few seats for the people assigned.", {
        seats: [
          `${seatHolders} people hold a seat of this license. Their owner unassigns ${seatHolders - input.seats} of them first (Seats), then the seats can go down to ${input.seats}.`,
        ],
      });
    }
    const now = ctx.now();
    const [updated] = await tx
      .update(licenses)
      .set({ seats: input.seats, updatedAt: now })
      .where(eq(licenses.id, license.id))
      .returning();
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId: license.orgId,
      action: "license.seats_changed",
      subjectType: "license",
      subjectId: license.id,
      reason: input.reason,
      data: {
        from: license.seats,
        to: input.seats,
        activeDevices,
        reasonCategory: input.reasonCategory,
        customerMessage: input.customerMessage,
      },
    });
    await recordLicenseEvent(tx, updated!, "license.updated", {
      now,
      change: { seats: { from: license.seats, to: input.seats } },
    });
    return { updated: updated!, from: license.seats };
  });
  if (from !== updated.seats) {
    await sendLicenseNotice(
      ctx.db,
      {
        licenseId: updated.id,
        kind: "seats_changed",
        reason: reasonForCustomer(ctx.actor, input),
        change: { from: String(from), to: String(updated.seats) },
        now: ctx.now(),
      },
      deps,
    );
  }
  return updated;
}
