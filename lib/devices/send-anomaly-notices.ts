import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { editions, licenses, orgMembers, products, users } from "@/lib/db/schema";
import { deviceAnomalyEmail, sendEmail, type Mailer } from "@/lib/notify";
import { describeAnomaly } from "./anomaly-policy";
import type { RaisedAnomaly } from "./record-activation-attempt";

/**
 * Tells the organisation's owners about newly raised flags, when the license asks for it. Sent
 * after the flag's transaction commits; the dedupe key (flag, recipient) makes a retry harmless.
 */
export async function sendAnomalyNotices(
  db: Db,
  flags: RaisedAnomaly[],
  { mailer, portalUrl, now }: { mailer: Mailer; portalUrl: string; now: Date },
): Promise<number> {
  let sent = 0;
  for (const flag of flags.filter((raised) => raised.isCustomerNotified)) {
    const [license] = await db
      .select({ productName: products.name, editionName: editions.name })
      .from(licenses)
      .innerJoin(products, eq(products.id, licenses.productId))
      .innerJoin(editions, eq(editions.id, licenses.editionId))
      .where(eq(licenses.id, flag.licenseId));
    const owners = await db
      .select({ email: users.email })
      .from(orgMembers)
      .innerJoin(users, eq(users.id, orgMembers.userId))
      .where(and(eq(orgMembers.orgId, flag.orgId), eq(orgMembers.role, "owner")));
    for (const { email: to } of owners) {
      const email = deviceAnomalyEmail({
        to,
        ...license!,
        observation: describeAnomaly(flag),
        devicesUrl: `${portalUrl}/licenses/${flag.licenseId}/devices`,
      });
      const result = await sendEmail(db, mailer, {
        email,
        dedupeKey: `device-anomaly:${flag.id}:${to}`,
        orgId: flag.orgId,
        now,
      });
      if (result.created) sent += 1;
    }
  }
  return sent;
}
