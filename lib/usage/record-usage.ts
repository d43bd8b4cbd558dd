import { and, eq } from "drizzle-orm";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { editions, editionUsageQuotas, usageRecords } from "@/lib/db/schema";
import { lockLicenseForClient, refuse, type DeviceApiDeps } from "@/lib/devices";
import { InvalidInput } from "@/lib/errors";
import type { RecordUsageRequest, UsageResponse } from "@/lib/validations/api";
import { enqueueUsageAlerts } from "./enqueue-usage-alerts";
import { crossedAlertPercents, usageAllowance, usagePeriodAt } from "./usage-policy";
import { describeUsage, sumUsage } from "./usage-totals";

/**
 * Client software records metered usage (issue 18). The id is the client's, unique per license, so
 * a retried request answers the first one's record and counts nothing twice. The period's total is
 * summed behind the license row lock, so concurrent records never pass what the edition's overage
 * strategy allows: a record that would is refused with QUOTA_EXHAUSTED and nothing is counted.
 * Crossing 80 % or 100 % of the quota queues an email to the customer, once a period each.
 */
export async function recordUsage(
  ctx: Ctx,
  input: RecordUsageRequest,
  deps: Pick<DeviceApiDeps, "hasher" | "portalUrl">,
): Promise<UsageResponse & { isNew: boolean }> {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const client = await lockLicenseForClient(tx, input, { hasher: deps.hasher, now, portalUrl: deps.portalUrl });
    const { license } = client;
    const quota = await findQuota(tx, license.editionId, input.meter);
    const [earlier] = await tx
      .select()
      .from(usageRecords)
      .where(and(eq(usageRecords.licenseId, license.id), eq(usageRecords.clientRecordId, input.id)));
    if (earlier && (earlier.meter !== input.meter || earlier.quantity !== input.quantity))
      throw new InvalidInput("That id was used for another record.", {
        id: [`This license recorded ${earlier.quantity} ${earlier.meter} under this id already; use a new id.`],
      });
    const period = usagePeriodAt(quota.period, earlier?.recordedAt ?? now);
    const totals = { licenseId: license.id, meter: input.meter, periodStartsAt: period.startsAt };
    const before = await sumUsage(tx, totals);
    let record = earlier;
    if (!record) {
      if (before + input.quantity > usageAllowance(quota.amount, quota.overageStrategy))
        throw refuse("QUOTA_EXHAUSTED", client, deps.portalUrl);
      [record] = await tx
        .insert(usageRecords)
        .values({
          licenseId: license.id,
          meter: input.meter,
          quantity: input.quantity,
          clientRecordId: input.id,
          periodStartsAt: period.startsAt,
          recordedAt: now,
        })
        .returning();
      await enqueueUsageAlerts(tx, {
        licenseId: license.id,
        orgId: license.orgId,
        meter: input.meter,
        limit: quota.amount,
        used: before + input.quantity,
        percents: crossedAlertPercents(quota.amount, before, before + input.quantity),
        period,
        now,
        portalUrl: deps.portalUrl,
      });
    }
    const used = earlier ? before : before + input.quantity;
    const usage = describeUsage(quota.amount, used);
    return {
      code: usage.remaining === 0 ? "QUOTA_EXHAUSTED" : "VALID",
      record: {
        id: input.id,
        meter: record!.meter,
        quantity: record!.quantity,
        recordedAt: record!.recordedAt.toISOString(),
        replayed: earlier !== undefined,
      },
      usage: {
        meter: input.meter,
        period: quota.period,
        periodStartsAt: period.startsAt.toISOString(),
        periodEndsAt: period.endsAt.toISOString(),
        ...usage,
        overageStrategy: quota.overageStrategy,
      },
      isNew: earlier === undefined,
    };
  });
}

/** The edition's quota for the meter; a meter it does not meter is bad input naming the field. */
async function findQuota(tx: Tx, editionId: string, meter: string) {
  const [quota] = await tx
    .select({
      amount: editionUsageQuotas.amount,
      period: editionUsageQuotas.period,
      overageStrategy: editions.overageStrategy,
    })
    .from(editionUsageQuotas)
    .innerJoin(editions, eq(editions.id, editionUsageQuotas.editionId))
    .where(and(eq(editionUsageQuotas.editionId, editionId), eq(editionUsageQuotas.meter, meter)));
  if (!quota)
    throw new InvalidInput("This license has no such meter.", {
      meter: [`This license's edition does not meter “${meter}”.`],
    });
  return quota;
}
