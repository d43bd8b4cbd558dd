import type { Metadata } from "next";
import { BackToLicense } from "@/components/licenses/back-to-license";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { UsageHistoryTable, UsageMeters } from "@/components/usage/usage-meters";
import { listLicenseUsage } from "@/lib/usage";
import { loadLicense } from "../load-license";

export const metadata: Metadata = { title: "Usage" };

/** Usage quotas (issue 18): each metered entitlement's use this period, and the latest records. */
export default async function UsagePage({ params }: { params: Promise<{ licenseId: string }> }) {
  const { licenseId } = await params;
  const { ctx, license } = await loadLicense(licenseId);
  const usage = await listLicenseUsage(ctx, licenseId);
  const now = ctx.now();
  return (
    <>
      <PageHeader
        eyebrow={<BackToLicense license={license} />}
        title="Usage"
        description="What your software recorded against this license's quotas. Quotas renew at the start of each period (UTC); you are emailed at 80 % and 100 %."
      />
      <div className="space-y-6">
        <Card aria-labelledby="usage-quotas">
          <CardHeader id="usage-quotas" title="This period" />
          {usage.meters.length === 0 ? (
            <EmptyState title="No usage quotas">This license's edition meters nothing.</EmptyState>
          ) : (
            <UsageMeters usage={usage} now={now} />
          )}
        </Card>
        <Card aria-labelledby="usage-history">
          <CardHeader id="usage-history" title="History" description="The latest 50 records, newest first." />
          {usage.history.length === 0 ? (
            <EmptyState title="Nothing recorded yet" />
          ) : (
            <UsageHistoryTable history={usage.history} now={now} />
          )}
        </Card>
      </div>
    </>
  );
}
