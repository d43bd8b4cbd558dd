import { eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { userTotpSecrets } from "@/lib/db/schema";
import { countUnusedRecoveryCodes } from "./second-factor-codes";

export interface SecondFactorStatus {
  isEnrolled: boolean;
  enrolledAt: Date | null;
  recoveryCodesLeft: number;
}

export async function getSecondFactorStatus(db: Executor, userId: string): Promise<SecondFactorStatus> {
  const [row] = await db
    .select({ confirmedAt: userTotpSecrets.confirmedAt })
    .from(userTotpSecrets)
    .where(eq(userTotpSecrets.userId, userId));
  const enrolledAt = row?.confirmedAt ?? null;
  return {
    isEnrolled: Boolean(enrolledAt),
    enrolledAt,
    recoveryCodesLeft: enrolledAt ? await countUnusedRecoveryCodes(db, userId) : 0,
  };
}
