import { lt } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { samlUsedAssertions } from "@/lib/db/schema";

/**
 * Accepts an assertion ID once (SAML 2.0 Profiles §4.1.4.5): true the first time, false for a
 * replay. The primary key decides, so two app processes racing with the same assertion cannot both
 * win. Expired IDs are dropped on the way: an assertion past its NotOnOrAfter is refused anyway.
 */
export async function recordSamlAssertion(
  db: Db,
  now: Date,
  assertion: { orgId: string; assertionId: string; expiresAt: Date },
): Promise<boolean> {
  await db.delete(samlUsedAssertions).where(lt(samlUsedAssertions.expiresAt, now));
  const inserted = await db
    .insert(samlUsedAssertions)
    .values({ ...assertion, createdAt: now })
    .onConflictDoNothing()
    .returning({ assertionId: samlUsedAssertions.assertionId });
  return inserted.length === 1;
}
