import { eq } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { sessions, userRecoveryCodes, userTotpSecrets } from "@/lib/db/schema";

/**
 * Takes a person's authenticator app and recovery codes away, and every session of theirs loses
 * its verified mark: a new app must be proven from scratch.
 */
export async function removeSecondFactor(tx: Tx, userId: string): Promise<void> {
  await tx.delete(userTotpSecrets).where(eq(userTotpSecrets.userId, userId));
  await tx.delete(userRecoveryCodes).where(eq(userRecoveryCodes.userId, userId));
  await tx.update(sessions).set({ secondFactorVerifiedAt: null }).where(eq(sessions.userId, userId));
}
