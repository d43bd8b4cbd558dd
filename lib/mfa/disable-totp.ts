import { appendAuditEvent } from "@/lib/audit";
import type { PersonCtx } from "@/lib/context";
import { removeAuthenticatorApp } from "./remove-second-factor";
import { requireValidCode, type SecondFactorSecrets } from "./second-factor-codes";
import { withGuessLimit } from "./second-factor-limits";

/**
 * Turns the authenticator off for a current code (a recovery code works too, for a lost phone).
 * Without either, support resets it (`resetMemberSecondFactor`).
 */
export async function disableTotp(
  ctx: PersonCtx,
  { code, address }: { code: string; address: string },
  secrets: SecondFactorSecrets,
): Promise<void> {
  const userId = ctx.actor.userId;
  const now = ctx.now();
  await withGuessLimit(secrets.limiter, { userId, address }, () =>
    ctx.db.transaction(async (tx) => {
      await requireValidCode(tx, { userId, code, now }, secrets);
      await removeAuthenticatorApp(tx, userId);
      await appendAuditEvent(tx, {
        actor: ctx.actor,
        at: now,
        action: "second_factor.disabled",
        subjectType: "user",
        subjectId: userId,
      });
    }),
  );
}
