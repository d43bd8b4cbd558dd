import type { PersonCtx } from "@/lib/context";
import type { MasterKeyRing } from "@/lib/crypto";
import { userTotpSecrets } from "@/lib/db/schema";
import { Conflict } from "@/lib/errors";
import { getSecondFactorStatus } from "./get-second-factor-status";
import { sealTotpSecret } from "./second-factor-codes";
import { newTotpSecret, totpUri } from "./totp";

/**
 * Creates (or replaces) an unconfirmed authenticator secret and hands it out once for the app to
 * scan. Nothing changes for sign-in until `confirmTotpEnrolment` sees a code made from it.
 */
export async function startTotpEnrolment(
  ctx: PersonCtx,
  { ring }: { ring: MasterKeyRing },
): Promise<{ secret: string; uri: string }> {
  const userId = ctx.actor.userId;
  if ((await getSecondFactorStatus(ctx.db, userId)).isEnrolled) {
    throw new Conflict("An authenticator app is already set up. Turn it off first to set up a new one.");
  }
  const secret = newTotpSecret();
  const { sealed, masterKeyVersion } = sealTotpSecret(ring, userId, secret);
  const now = ctx.now();
  await ctx.db
    .insert(userTotpSecrets)
    .values({ userId, secretCiphertext: sealed, masterKeyVersion, createdAt: now })
    .onConflictDoUpdate({
      target: userTotpSecrets.userId,
      set: { secretCiphertext: sealed, masterKeyVersion, lastUsedStep: null, createdAt: now },
    });
  return { secret, uri: totpUri(secret, ctx.actor.email) };
}
