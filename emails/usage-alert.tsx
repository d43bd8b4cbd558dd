import type { EmailTemplateProps } from "@/lib/notify/email";
import { formatInZone } from "@/lib/time/format";
import { EmailLayout, Paragraph } from "./layout";

/** Usage quotas (issue 18): sent when a license reaches 80 % and 100 % of a quota, once a period each. */
export default function UsageAlertEmail({
  productName,
  editionName,
  meter,
  percent,
  limit,
  used,
  periodEndsAt,
  usageUrl,
}: EmailTemplateProps["usage-alert"]) {
  const renews = formatInZone(new Date(periodEndsAt), "UTC");
  return (
    <EmailLayout
      preview={`${used} of ${limit} ${meter} used`}
      heading={percent >= 100 ? `Your ${meter} quota is used up` : `You have used ${percent} % of your ${meter} quota`}
      action={{ label: "See the usage", url: usageUrl }}
    >
      <Paragraph>
        Your {productName} ({editionName}) license has recorded {used} of its {limit} {meter} this period.
      </Paragraph>
      <Paragraph>
        {percent >= 100
          ? "Further use is refused or counted as overage, as your plan says, until the quota renews"
          : "The quota renews"}{" "}
        on {renews}. Ask your vendor if you need a larger quota.
      </Paragraph>
    </EmailLayout>
  );
}

UsageAlertEmail.PreviewProps = {
  productName: "Atlas Server",
  editionName: "Enterprise",
  meter: "exports",
  percent: 80,
  limit: 10_000,
  used: 8_000,
  periodEndsAt: "2027-02-01T00:00:00.000Z",
  usageUrl: "/licenses/00000000-0000-4000-8000-000000000000/usage",
} satisfies EmailTemplateProps["usage-alert"];
