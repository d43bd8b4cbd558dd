import { and, asc, desc, eq } from "drizzle-orm";
import type { OrgCtx } from "@/lib/context";
import { editions, editionUsageQuotas, licenses, usageRecords } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import { usageAllowance, usagePeriodAt } from "./usage-policy";
import { describeUsage, sumUsage } from "./usage-totals";

const HISTORY_LIMIT = 50;

/**
 * A license's usage quotas for its customer or support (issue 18): each meter's use this period
 * against its limit and the edition's overage strategy, and the latest records. Scoped by the
 * organization, so another organization's license is a 404.
 */
export async function listLicenseUsage(ctx: Pick<OrgCtx, "db" | "orgId" | "now">, licenseId: string) {
  const [license] = await ctx.db
    .select({ editionId: licenses.editionId, overageStrategy: editions.overageStrategy })
    .from(licenses)
    .innerJoin(editions, eq(editions.id, licenses.editionId))
    .where(and(eq(licenses.id, licenseId), eq(licenses.orgId, ctx.orgId)));
  if (!license) throw new NotFound("License not found.");
  const { editionId, overageStrategy } = license;
  const now = ctx.now();
  // The records do not depend on the quotas: read side by side, one round trip fewer.
  const [quotas, history] = await Promise.all([
    ctx.db
      .select({ meter: editionUsageQuotas.meter, amount: editionUsageQuotas.amount, period: editionUsageQuotas.period })
      .from(editionUsageQuotas)
      .where(eq(editionUsageQuotas.editionId, editionId))
      .orderBy(asc(editionUsageQuotas.meter)),
    ctx.db
      .select({
        id: usageRecords.id,
        meter: usageRecords.meter,
        quantity: usageRecords.quantity,
        recordedAt: usageRecords.recordedAt,
      })
      .from(usageRecords)
      .where(eq(usageRecords.licenseId, licenseId))
      .orderBy(desc(usageRecords.recordedAt))
      .limit(HISTORY_LIMIT),
  ]);
  const meters = await Promise.all(
    quotas.map(async (quota) => {
      const period = usagePeriodAt(quota.period, now);
      const used = await sumUsage(ctx.db, { licenseId, meter: quota.meter, periodStartsAt: period.startsAt });
      const allowance = usageAllowance(quota.amount, overageStrategy);
      return {
        meter: quota.meter,
        period: quota.period,
        periodEndsAt: period.endsAt,
        ...describeUsage(quota.amount, used),
        /** Null: no ceiling (`always_allow`). */
        allowance: Number.isFinite(allowance) ? allowance : null,
      };
    }),
  );
  return { overageStrategy, meters, history };
}

export type LicenseUsage = Awaited<ReturnType<typeof listLicenseUsage>>;
