import { appendAuditEvent } from "@/lib/audit";
import type { PersonCtx } from "@/lib/context";
import { replaceRecoveryCodes, requireValidCode, type SecondFactorSecrets } from "./second-factor-codes";
import { withGuessLimit } from "./second-factor-limits";

/** Ten new recovery codes for a current code; every earlier recovery code stops working. */
export async function regenerateRecoveryCodes(
  ctx: PersonCtx,
  { code, address }: { code: string; address: string },
  secrets: SecondFactorSecrets,
): Promise<{ recoveryCodes: string[] }> {
  const userId = ctx.actor.userId;
  const now = ctx.now();
  return withGuessLimit(secrets.limiter, { userId, address }, () =>
    ctx.db.transaction(async (tx) => {
      await requireValidCode(tx, { userId, code, now }, secrets);
      const recoveryCodes = await replaceRecoveryCodes(tx, { userId, now, hasher: secrets.hasher });
      await appendAuditEvent(tx, {
        actor: ctx.actor,
        at: now,
        action: "second_factor.recovery_codes_regenerated",
        subjectType: "user",
        subjectId: userId,
      });
      return { recoveryCodes };
    }),
  );
}
