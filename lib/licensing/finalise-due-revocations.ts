import { and, asc, eq, lte } from "drizzle-orm";
import type { Ctx } from "@/lib/context";
import { licenses } from "@/lib/db/schema";
import { finaliseRevocation } from "./finalise-revocation";
import { sendLicenseNotice, type NoticeDeps } from "./license-notices";

/**
 * Worker step: revocations whose undo window has closed become permanent. Each license is claimed
 * with SKIP LOCKED, so concurrent workers never finalise (or notify) the same one twice.
 */
export async function finaliseDueRevocations(
  ctx: Ctx,
  deps: NoticeDeps & { limit?: number },
): Promise<{ finalised: number }> {
  let finalised = 0;
  for (let i = 0; i < (deps.limit ?? 50); i += 1) {
    const now = ctx.now();
    const done = await ctx.db.transaction(async (tx) => {
      const [due] = await tx
        .select()
        .from(licenses)
        .where(and(eq(licenses.status, "revoking"), lte(licenses.revokesAt, now)))
        .orderBy(asc(licenses.revokesAt))
        .limit(1)
        .for("update", { skipLocked: true });
      if (!due) return null;
      return finaliseRevocation(tx, ctx, due, {
        reason: "the undo window closed",
        reasonCode: due.revocationReasonCode ?? "unspecified",
      });
    });
    if (!done) break;
    finalised += 1;
    await sendLicenseNotice(
      ctx.db,
      { licenseId: done.id, kind: "revoked", reason: "the revocation's undo window closed", now },
      deps,
    );
  }
  return { finalised };
}
