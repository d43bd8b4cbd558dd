import { eq } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { sessions, userPasskeys, userRecoveryCodes, userTotpSecrets } from "@/lib/db/schema";

/** Support's reset: the authenticator app, the recovery codes and every passkey go. */
export async function removeSecondFactor(tx: Tx, userId: string): Promise<void> {
  await tx.delete(userPasskeys).where(eq(userPasskeys.userId, userId));
  await removeAuthenticatorApp(tx, userId);
}

/**
 * Takes a person's authenticator app and recovery codes away, and every session of theirs loses
 * its verified mark: a new app (or a passkey they keep) must be proven from scratch.
 */
export async function removeAuthenticatorApp(tx: Tx, userId: string): Promise<void> {
  await tx.delete(userTotpSecrets).where(eq(userTotpSecrets.userId, userId));
  await tx.delete(userRecoveryCodes).where(eq(userRecoveryCodes.userId, userId));
  await tx
    .update(sessions)
    .set({ secondFactorVerifiedAt: null, secondFactorMethod: null })
    .where(eq(sessions.userId, userId));
}
