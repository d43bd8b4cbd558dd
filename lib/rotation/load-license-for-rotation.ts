import { and, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { isAnyOf } from "@/lib/db/json-rows";
import { licenseKeys } from "@/lib/db/schema";
import { lockLicense } from "@/lib/licensing/lock-license";

/**
 * Locks the license row for the rest of the transaction: every rotation step on a license runs
 * one at a time, so two "rotate now" clicks or two workers can never both issue a key.
 */
export const lockLicenseForRotation = lockLicense;

type OneOfAKindState = "pending" | "active" | "retiring";

/** Each license's key in a state a license has at most one key in (unique indexes guarantee it). */
export async function findKeysInState(tx: Executor, licenseIds: readonly string[], state: OneOfAKindState) {
  if (licenseIds.length === 0) return new Map<string, typeof licenseKeys.$inferSelect>();
  const keys = await tx
    .select()
    .from(licenseKeys)
    .where(and(isAnyOf(licenseKeys.licenseId, licenseIds), eq(licenseKeys.state, state)));
  return new Map(keys.map((key) => [key.licenseId, key]));
}

export async function findKeyInState(tx: Executor, licenseId: string, state: OneOfAKindState) {
  return (await findKeysInState(tx, [licenseId], state)).get(licenseId) ?? null;
}
