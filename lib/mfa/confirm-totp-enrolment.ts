import { and, eq, isNull } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { PersonCtx } from "@/lib/context";
import { userTotpSecrets } from "@/lib/db/schema";
import { Conflict } from "@/lib/errors";
import {
  invalidCode,
  markSessionVerified,
  openTotpSecret,
  replaceRecoveryCodes,
  type SecondFactorSecrets,
} from "./second-factor-codes";
import { requireMayChangeFactors } from "./require-may-change-factors";
import { withGuessLimit } from "./second-factor-limits";
import { matchTotpStep } from "./totp";

/**
 * Turns the pending secret on once the app proves it has it, issues ten recovery codes (returned
 * once, stored as digests) and counts this session as verified: the person just showed the factor.
 */
export async function confirmTotpEnrolment(
  ctx: PersonCtx,
  { sessionToken, code, address }: { sessionToken: string; code: string; address: string },
  secrets: SecondFactorSecrets,
): Promise<{ recoveryCodes: string[] }> {
  const userId = ctx.actor.userId;
  const now = ctx.now();
  return withGuessLimit(secrets.limiter, { userId, address }, () =>
    ctx.db.transaction(async (tx) => {
      await requireMayChangeFactors(tx, { userId, sessionToken }, "set up an authenticator app");
      const [pending] = await tx
        .select()
        .from(userTotpSecrets)
        .where(and(eq(userTotpSecrets.userId, userId), isNull(userTotpSecrets.confirmedAt)))
        .for("update");
      if (!pending) throw new Conflict("There is no set-up in progress. Start again from your security settings.");
      const step = matchTotpStep(openTotpSecret(secrets.ring, pending), code.trim(), now);
      if (step === null) throw invalidCode();
      await tx
        .update(userTotpSecrets)
        .set({ confirmedAt: now, lastUsedStep: step })
        .where(eq(userTotpSecrets.userId, userId));
      const recoveryCodes = await replaceRecoveryCodes(tx, { userId, now, hasher: secrets.hasher });
      await markSessionVerified(tx, { userId, sessionToken, now, method: "totp" });
      await appendAuditEvent(tx, {
        actor: ctx.actor,
        at: now,
        action: "second_factor.enrolled",
        subjectType: "user",
        subjectId: userId,
        data: { method: "totp" },
      });
      return { recoveryCodes };
    }),
  );
}
