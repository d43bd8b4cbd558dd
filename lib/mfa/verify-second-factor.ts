import { appendAuditEvent } from "@/lib/audit";
import type { PersonCtx } from "@/lib/context";
import {
  countUnusedRecoveryCodes,
  markSessionVerified,
  requireValidCode,
  type SecondFactorSecrets,
} from "./second-factor-codes";
import { withGuessLimit } from "./second-factor-limits";
import { readSecondFactorState } from "./second-factor-state";
import { PolicyViolation } from "@/lib/errors";

/** The step after the magic link: a TOTP code or a recovery code marks this session verified (passkeys: verify-passkey.ts). */
export async function verifySecondFactor(
  ctx: PersonCtx,
  { sessionToken, code, address }: { sessionToken: string; code: string; address: string },
  secrets: SecondFactorSecrets,
): Promise<{ method: "totp" | "recovery_code"; recoveryCodesLeft: number }> {
  const userId = ctx.actor.userId;
  const now = ctx.now();
  return withGuessLimit(secrets.limiter, { userId, address }, () =>
    ctx.db.transaction(async (tx) => {
      const state = await readSecondFactorState(tx, { userId, sessionToken });
      // Under a passkey-only policy a code passes only someone who has no passkey yet, and then only
      // to register one: the state does not count a code-verified session for them.
      if (state?.isPasskeyRequired && state.isEnrolled)
        throw new PolicyViolation("Your staff policy requires your passkey: codes are not accepted for you.");
      const method = await requireValidCode(tx, { userId, code, now }, secrets);
      await markSessionVerified(tx, { userId, sessionToken, now, method });
      const recoveryCodesLeft = await countUnusedRecoveryCodes(tx, userId);
      await appendAuditEvent(tx, {
        actor: ctx.actor,
        at: now,
        action: method === "totp" ? "second_factor.verified" : "second_factor.recovery_code_used",
        subjectType: "user",
        subjectId: userId,
        data: method === "totp" ? { method } : { method, recoveryCodesLeft },
      });
      return { method, recoveryCodesLeft };
    }),
  );
}
