import { eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { PersonCtx } from "@/lib/context";
import { sessions, userRecoveryCodes, userTotpSecrets } from "@/lib/db/schema";
import { requireValidCode, type SecondFactorSecrets } from "./second-factor-codes";

/**
 * Turns the authenticator off for a current code (a recovery code works too, for a lost phone).
 * Every session of the person loses its verified mark: a new app must be proven from scratch.
 */
export async function disableTotp(ctx: PersonCtx, { code }: { code: string }, secrets: SecondFactorSecrets): Promise<void> {
  const userId = ctx.actor.userId;
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    await requireValidCode(tx, { userId, code, now }, secrets);
    await tx.delete(userTotpSecrets).where(eq(userTotpSecrets.userId, userId));
    await tx.delete(userRecoveryCodes).where(eq(userRecoveryCodes.userId, userId));
    await tx.update(sessions).set({ secondFactorVerifiedAt: null }).where(eq(sessions.userId, userId));
    await appendAuditEvent(tx, { actor: ctx.actor, at: now, action: "second_factor.disabled", subjectType: "user", subjectId: userId });
  });
}
