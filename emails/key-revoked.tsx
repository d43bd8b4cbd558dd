import type { EmailTemplateProps } from "@/lib/notify/email";
import { formatInZone } from "@/lib/time/format";
import { EmailLayout, Paragraph } from "./layout";

/** Emergency rotation: the old key stopped at once, so this is the one email that asks to act now. */
export default function KeyRevokedEmail({
  productName,
  editionName,
  keyPrefix,
  reason,
  revokedAt,
  timeZone,
  licenseUrl,
}: EmailTemplateProps["key-revoked"]) {
  return (
    <EmailLayout
      preview={`Act now: the ${productName} key ${keyPrefix}… was revoked`}
      heading="License key revoked and replaced"
      action={{ label: "Copy the new key", url: licenseUrl }}
    >
      <Paragraph>
        The license key {keyPrefix}… for {productName} ({editionName}) was revoked on{" "}
        {formatInZone(new Date(revokedAt), timeZone)} and stopped working at once. Reason given: {reason}
      </Paragraph>
      <Paragraph>
        A new key is already active. Copy it from the license page and enter it in your software now; until then the
        software will refuse the old key.
      </Paragraph>
    </EmailLayout>
  );
}

KeyRevokedEmail.PreviewProps = {
  productName: "Atlas Server",
  editionName: "Enterprise",
  keyPrefix: "RK-2M9D",
  reason: "pasted into a public chat",
  revokedAt: "2026-12-01T09:30:00.000Z",
  timeZone: "Europe/Berlin",
  licenseUrl: "/licenses/00000000-0000-4000-8000-000000000000",
} satisfies EmailTemplateProps["key-revoked"];
