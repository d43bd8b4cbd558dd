import type { EmailTemplateProps } from "@/lib/notify/email";
import { EmailLayout, Paragraph } from "./layout";

/** An anomaly flag was raised: what was seen, that nothing was blocked, and where to look. */
export default function DeviceAnomalyEmail({
  productName,
  editionName,
  observation,
  devicesUrl,
}: EmailTemplateProps["device-anomaly"]) {
  return (
    <EmailLayout
      preview={`Unusual activation activity on ${productName}`}
      heading="Unusual activation activity"
      action={{ label: "Review the devices", url: devicesUrl }}
    >
      <Paragraph>
        We noticed unusual activation activity on your {productName} ({editionName}) license: {observation}
      </Paragraph>
      <Paragraph>
        Nothing was blocked. If this was a planned roll-out, you can ignore this email. If not, your license key may
        have been shared: check the devices using it, deactivate any you do not recognise, and consider replacing the
        key.
      </Paragraph>
    </EmailLayout>
  );
}

DeviceAnomalyEmail.PreviewProps = {
  productName: "Atlas Server",
  editionName: "Enterprise",
  observation: "12 different devices tried to activate it within 60 minutes.",
  devicesUrl: "/licenses/00000000-0000-4000-8000-000000000000/devices",
} satisfies EmailTemplateProps["device-anomaly"];
