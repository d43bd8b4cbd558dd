import { and, count, eq, isNull, isNotNull, lt, or } from "drizzle-orm";
import type { KeyedHasher, MasterKeyRing } from "@/lib/crypto";
import { openSecret, sealSecret } from "@/lib/crypto";
import type { Executor, Tx } from "@/lib/db";
import { sessions, userRecoveryCodes, userTotpSecrets } from "@/lib/db/schema";
import { InvalidInput } from "@/lib/errors";
import { generateRecoveryCodes, normaliseRecoveryCode, recoveryCodeDigest } from "./recovery-codes";
import type { SecondFactorLimiter } from "./second-factor-limits";
import type { SecondFactorMethod } from "./second-factor-state";
import { isTotpCodeShaped, matchTotpStep } from "./totp";

export interface SecondFactorSecrets {
  ring: MasterKeyRing;
  hasher: KeyedHasher;
  limiter: SecondFactorLimiter;
}

export const totpSecretContext = (userId: string) => `totp-secret:${userId}`;

export function sealTotpSecret(ring: MasterKeyRing, userId: string, secret: string) {
  return sealSecret(ring, secret, totpSecretContext(userId));
}

export function openTotpSecret(ring: MasterKeyRing, row: { userId: string; secretCiphertext: string }): string {
  return openSecret(ring, row.secretCiphertext, totpSecretContext(row.userId));
}

export const invalidCode = () =>
  new InvalidInput("That code did not work.", {
    code: ["That code is not valid. Enter the current 6-digit code from your app, or an unused recovery code."],
  });

/**
 * Spends a 6-digit TOTP code (its step must be newer than the last one accepted) or an unused
 * recovery code. Guarded updates make a code single-use even when two requests race with it.
 */
async function spendCode(
  tx: Tx,
  { userId, code, now }: { userId: string; code: string; now: Date },
  { ring, hasher }: Pick<SecondFactorSecrets, "ring" | "hasher">,
) {
  const trimmed = code.trim().replace(/\s/g, "");
  if (isTotpCodeShaped(trimmed)) {
    const [row] = await tx
      .select()
      .from(userTotpSecrets)
      .where(and(eq(userTotpSecrets.userId, userId), isNotNull(userTotpSecrets.confirmedAt)));
    if (!row) return null;
    const step = matchTotpStep(openTotpSecret(ring, row), trimmed, now);
    if (step === null) return null;
    const [spent] = await tx
      .update(userTotpSecrets)
      .set({ lastUsedStep: step })
      .where(
        and(
          eq(userTotpSecrets.userId, userId),
          or(isNull(userTotpSecrets.lastUsedStep), lt(userTotpSecrets.lastUsedStep, step)),
        ),
      )
      .returning({ userId: userTotpSecrets.userId });
    return spent ? ("totp" as const) : null;
  }
  if (normaliseRecoveryCode(trimmed).length !== 10) return null;
  const [spent] = await tx
    .update(userRecoveryCodes)
    .set({ usedAt: now })
    .where(
      and(
        eq(userRecoveryCodes.userId, userId),
        eq(userRecoveryCodes.digest, recoveryCodeDigest(hasher, trimmed)),
        isNull(userRecoveryCodes.usedAt),
      ),
    )
    .returning({ id: userRecoveryCodes.id });
  return spent ? ("recovery_code" as const) : null;
}

/**
 * Spends the code or throws a field error naming `code`. Callers count the guess first, outside
 * the transaction (`withGuessLimit`).
 */
export async function requireValidCode(
  tx: Tx,
  input: { userId: string; code: string; now: Date },
  secrets: SecondFactorSecrets,
): Promise<"totp" | "recovery_code"> {
  const method = await spendCode(tx, input, secrets);
  if (!method) throw invalidCode();
  return method;
}

/** Replaces every recovery code of the user with ten fresh ones; the plaintexts are returned once. */
export async function replaceRecoveryCodes(
  tx: Tx,
  { userId, now, hasher }: { userId: string; now: Date; hasher: KeyedHasher },
): Promise<string[]> {
  const codes = generateRecoveryCodes();
  await tx.delete(userRecoveryCodes).where(eq(userRecoveryCodes.userId, userId));
  await tx
    .insert(userRecoveryCodes)
    .values(codes.map((code) => ({ userId, digest: recoveryCodeDigest(hasher, code), createdAt: now })));
  return codes;
}

export async function countUnusedRecoveryCodes(db: Executor, userId: string): Promise<number> {
  const [row] = await db
    .select({ left: count() })
    .from(userRecoveryCodes)
    .where(and(eq(userRecoveryCodes.userId, userId), isNull(userRecoveryCodes.usedAt)));
  return row?.left ?? 0;
}

/** Records on the session (not the user) that it passed the second factor: other sessions still must. */
export async function markSessionVerified(
  tx: Tx,
  {
    userId,
    sessionToken,
    now,
    method,
  }: { userId: string; sessionToken: string; now: Date; method: SecondFactorMethod },
): Promise<void> {
  await tx
    .update(sessions)
    .set({ secondFactorVerifiedAt: now, secondFactorMethod: method })
    .where(and(eq(sessions.sessionToken, sessionToken), eq(sessions.userId, userId)));
}
