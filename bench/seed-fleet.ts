/** The fleet the bulk-rotation and growth benchmarks rotate: licenses of one organisation due together. */
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import * as t from "@/lib/db/schema";
import { makeOrg, makeProduct } from "@/testing/factories";

const DAY_MS = 86_400_000;

/**
 * The fleet, inserted in set-based statements: licenses with an active key each, activated 30
 * days ago, and the organisation's 30-day preference. Key digests and ciphertexts are placeholders:
 * rotation never opens a retiring key, it only issues the new one.
 */
export async function seedFleet(db: Db, size: number, now: Date): Promise<string> {
  console.log(`seeding ${size.toLocaleString("en-US")} licenses with active keys`);
  const { org } = await makeOrg(db);
  const { product, edition } = await makeProduct(db);
  await db.insert(t.rotationPreferences).values({
    orgId: org.id,
    cadenceDays: 30,
    windowWeekdays: [1, 2, 3, 4, 5, 6, 7],
    windowStartMinute: 0,
    windowDurationMinutes: 1440,
    timeZone: "UTC",
    noticeLeadDays: [7],
    overlapMinutes: 60,
  });
  const rotatedAt = new Date(now.getTime() - 30 * DAY_MS);
  await db.execute(sql`
    insert into licenses (org_id, product_id, edition_id, seats, starts_at)
    select ${org.id}, ${product.id}, ${edition.id}, 1, ${rotatedAt.toISOString()}::timestamptz from generate_series(1, ${size}::int)`);
  await db.execute(sql`
    insert into license_keys (license_id, state, prefix, digest, ciphertext, master_key_version, activated_at, created_at)
    select id, 'active', 'RK-BNCH', md5(id::text), 'placeholder', 1, ${rotatedAt.toISOString()}::timestamptz, ${rotatedAt.toISOString()}::timestamptz from licenses where org_id = ${org.id}`);
  await db.execute(sql`analyze`);
  return org.id;
}
