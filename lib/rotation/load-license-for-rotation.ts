import { and, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { licenseKeys } from "@/lib/db/schema";
import { lockLicense } from "@/lib/licensing/lock-license";

/**
 * Locks the license row for the rest of the transaction: every rotation step on a license runs
 * one at a time, so two "rotate now" clicks or two workers can never both issue a key.
 */
export const lockLicenseForRotation = lockLicense;

export async function findKeyInState(tx: Executor, licenseId: string, state: "pending" | "active" | "retiring") {
  const [key] = await tx.select().from(licenseKeys).where(and(eq(licenseKeys.licenseId, licenseId), eq(licenseKeys.state, state)));
  return key ?? null;
}
