import type { EmailTemplateProps } from "@/lib/notify/email";
import { formatDayInZone, formatInZone } from "@/lib/time/format";
import { plural } from "./format";
import { EmailLayout, Paragraph } from "./layout";

export default function RenewalReminderEmail({
  productName,
  editionName,
  expiresAt,
  timeZone,
  graceDays,
  renewUrl,
  licenseUrl,
}: EmailTemplateProps["renewal-reminder"]) {
  return (
    <EmailLayout
      preview={`${productName} expires on ${formatDayInZone(new Date(expiresAt), timeZone)}`}
      heading={`Your ${productName} license expires soon`}
      action={{ label: "Renew or contact us", url: renewUrl }}
      secondaryActions={[{ label: "Open the license", url: licenseUrl }]}
    >
      <Paragraph>
        Your {productName} ({editionName}) license expires on {formatInZone(new Date(expiresAt), timeZone)}.
      </Paragraph>
      <Paragraph>
        {graceDays > 0
          ? `After that, your software keeps working for a grace period of ${plural(graceDays, "day")} and then stops its licensed features.`
          : "After that, your software stops its licensed features."}{" "}
        Renew before then to keep working without a gap; your license key stays the same.
      </Paragraph>
    </EmailLayout>
  );
}

RenewalReminderEmail.PreviewProps = {
  productName: "Atlas Server",
  editionName: "Enterprise",
  expiresAt: "2027-01-31T23:00:00.000Z",
  timeZone: "Europe/Berlin",
  graceDays: 14,
  renewUrl: "/licenses/00000000-0000-4000-8000-000000000000#renewal",
  licenseUrl: "/licenses/00000000-0000-4000-8000-000000000000",
} satisfies EmailTemplateProps["renewal-reminder"];
