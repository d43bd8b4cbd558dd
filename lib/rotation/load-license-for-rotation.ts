import { and, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { licenseKeys, licenses } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";

/**
 * Locks the license row for the rest of the transaction: every rotation step on a license runs
 * one at a time, so two "rotate now" clicks or two workers can never both issue a key.
 */
export async function lockLicenseForRotation(tx: Executor, licenseId: string, orgId?: string) {
  const [license] = await tx
    .select()
    .from(licenses)
    .where(and(eq(licenses.id, licenseId), orgId ? eq(licenses.orgId, orgId) : undefined))
    .for("update");
  if (!license) throw new NotFound("License not found.");
  return license;
}

export async function findKeyInState(tx: Executor, licenseId: string, state: "pending" | "active" | "retiring") {
  const [key] = await tx.select().from(licenseKeys).where(and(eq(licenseKeys.licenseId, licenseId), eq(licenseKeys.state, state)));
  return key ?? null;
}
