import type { EmailTemplateProps } from "@/lib/notify/email";
import { formatInZone } from "@/lib/time/format";
import { EmailLayout, Paragraph } from "./layout";

export default function RotationCompletedEmail({
  productName,
  editionName,
  retiredKeyPrefix,
  completedAt,
  timeZone,
  licenseUrl,
}: EmailTemplateProps["rotation-completed"]) {
  return (
    <EmailLayout
      preview={`The ${productName} key rotation is complete`}
      heading="Key rotation completed"
      action={{ label: "Open the license", url: licenseUrl }}
    >
      <Paragraph>
        The key rotation for {productName} ({editionName}) completed on {formatInZone(new Date(completedAt), timeZone)}.
      </Paragraph>
      <Paragraph>
        {retiredKeyPrefix ? `The old key (${retiredKeyPrefix}…) no longer works. ` : ""}Software that still uses it will
        ask for the current key, which you can copy from the license page.
      </Paragraph>
    </EmailLayout>
  );
}

RotationCompletedEmail.PreviewProps = {
  productName: "Atlas Server",
  editionName: "Enterprise",
  retiredKeyPrefix: "RK-2M9D",
  completedAt: "2026-12-15T21:00:00.000Z",
  timeZone: "Europe/Berlin",
  licenseUrl: "/licenses/00000000-0000-4000-8000-000000000000",
} satisfies EmailTemplateProps["rotation-completed"];
