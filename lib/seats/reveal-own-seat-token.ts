import { appendAuditEvent } from "@/lib/audit";
import type { OrgCtx } from "@/lib/context";
import type { KeyedHasher } from "@/lib/crypto";
import { NotFound } from "@/lib/errors";
import { lockLicense } from "@/lib/licensing/lock-license";
import { listSeatHolders } from "./named-user-seats";
import { issueSeatToken } from "./seat-token";

/**
 * A seat holder copies their own seat token for their software (issue 18; lib/seats/seat-token.ts).
 * Only the person holding the seat gets it, not an owner on their behalf: the token stands for the
 * person signed in. Recorded on the license's trail like a revealed key; the token itself is not.
 */
export async function revealOwnSeatToken(ctx: OrgCtx, { licenseId }: { licenseId: string }, hasher: KeyedHasher) {
  return ctx.db.transaction(async (tx) => {
    const license = await lockLicense(tx, licenseId, ctx.orgId);
    const holders = await listSeatHolders(tx, license);
    const own = holders.find((holder) => holder.userId === ctx.actor.userId);
    if (!own) throw new NotFound("You hold no seat of this license.");
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: ctx.now(),
      orgId: ctx.orgId,
      action: "license_seat.token_revealed",
      subjectType: "license",
      subjectId: license.id,
      data: { userId: own.userId, email: own.email },
    });
    return {
      token: issueSeatToken(hasher, { licenseId: license.id, userId: own.userId, assignmentId: own.assignmentId }),
    };
  });
}
