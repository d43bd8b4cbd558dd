import type { EmailTemplateProps } from "@/lib/notify/email";
import { formatInZone } from "@/lib/time/format";
import { EmailLayout, Paragraph } from "./layout";

/** A rotation someone asked for (a customer's "rotate now", a support reissue) issued a new key. */
export default function RotationIssuedEmail({
  productName,
  editionName,
  newKeyPrefix,
  activatesAt,
  timeZone,
  licenseUrl,
}: EmailTemplateProps["rotation-issued"]) {
  return (
    <EmailLayout
      preview={`A new ${productName} license key is ready`}
      heading={`New ${productName} license key`}
      action={{ label: "Open the license and copy the new key", url: licenseUrl }}
    >
      <Paragraph>
        A new license key ({newKeyPrefix}…) was issued for {productName} ({editionName}) and is active from{" "}
        {formatInZone(new Date(activatesAt), timeZone)}.
      </Paragraph>
      <Paragraph>
        Copy it from the portal and enter it in your software. The previous key keeps working until its overlap ends;
        the license page shows exactly when.
      </Paragraph>
    </EmailLayout>
  );
}

RotationIssuedEmail.PreviewProps = {
  productName: "Atlas Server",
  editionName: "Enterprise",
  newKeyPrefix: "RK-7F3Q",
  activatesAt: "2026-12-08T21:00:00.000Z",
  timeZone: "Europe/Berlin",
  licenseUrl: "/licenses/00000000-0000-4000-8000-000000000000",
} satisfies EmailTemplateProps["rotation-issued"];
