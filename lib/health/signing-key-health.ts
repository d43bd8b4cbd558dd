import { and, asc, count, eq, isNotNull, lte } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { zeroFilledCounts } from "./zero-filled-counts";
import { signingKeys, signingKeyState } from "@/lib/db/schema";

type SigningKeyState = (typeof signingKeyState.enumValues)[number];

export async function countSigningKeysByState(db: Executor): Promise<Record<SigningKeyState, number>> {
  const rows = await db
    .select({ value: signingKeys.state, total: count() })
    .from(signingKeys)
    .groupBy(signingKeys.state);
  return zeroFilledCounts(signingKeyState.enumValues, rows);
}

export interface SigningKeyNearingRotation {
  kid: string;
  algorithm: "EdDSA" | "ES256" | "RS256";
  scope: string;
  activatedAt: Date;
  plannedRotationAt: Date;
  isOverdue: boolean;
}

/**
 * Active signing keys whose planned rotation (activation + `lifetimeDays`) is within `warnDays`,
 * or already past: a key that signs for too long widens what a leak would expose.
 */
export async function listSigningKeysNearingRotation(
  db: Executor,
  { now, lifetimeDays, warnDays = 14 }: { now: Date; lifetimeDays: number; warnDays?: number },
): Promise<SigningKeyNearingRotation[]> {
  const activatedBefore = new Date(now.getTime() + (warnDays - lifetimeDays) * 86_400_000);
  const rows = await db
    .select({
      kid: signingKeys.kid,
      algorithm: signingKeys.algorithm,
      scope: signingKeys.scope,
      activatedAt: signingKeys.activatedAt,
    })
    .from(signingKeys)
    .where(
      and(
        eq(signingKeys.state, "active"),
        isNotNull(signingKeys.activatedAt),
        lte(signingKeys.activatedAt, activatedBefore),
      ),
    )
    .orderBy(asc(signingKeys.activatedAt));
  return rows.map((row) => {
    const plannedRotationAt = new Date(row.activatedAt!.getTime() + lifetimeDays * 86_400_000);
    return { ...row, activatedAt: row.activatedAt!, plannedRotationAt, isOverdue: plannedRotationAt <= now };
  });
}
