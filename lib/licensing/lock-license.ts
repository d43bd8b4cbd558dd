import { and, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { licenses } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";

/**
 * Locks the license row (`SELECT … FOR UPDATE`) for the rest of the transaction. Every change that
 * depends on the license's state runs behind this one lock, one at a time: fifty "rotate now"
 * clicks make one rotation, and twenty activations for the last free seat give it to one device.
 * With `orgId`, another organisation's license is indistinguishable from a missing one.
 */
export async function lockLicense(tx: Executor, licenseId: string, orgId?: string) {
  const [license] = await tx
    .select()
    .from(licenses)
    .where(and(eq(licenses.id, licenseId), orgId ? eq(licenses.orgId, orgId) : undefined))
    .for("update");
  if (!license) throw new NotFound("License not found.");
  return license;
}
