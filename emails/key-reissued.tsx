import type { EmailTemplateProps } from "@/lib/notify/email";
import { EmailLayout, Paragraph } from "./layout";

/** Support issued a new key: it works now, the old one keeps working until the overlap ends. */
export default function KeyReissuedEmail({
  productName,
  editionName,
  reason,
  oldKeyStopsAt,
  licenseUrl,
}: EmailTemplateProps["key-reissued"]) {
  return (
    <EmailLayout
      preview={`A new ${productName} license key was issued`}
      heading="Your new license key is ready"
      action={{ label: "Copy the new key", url: licenseUrl }}
    >
      <Paragraph>
        Support issued a new license key for {productName} ({editionName}). The new key works now.
      </Paragraph>
      {reason ? <Paragraph>Reason given: {reason}</Paragraph> : null}
      <Paragraph>
        Your previous key keeps working until {new Date(oldKeyStopsAt).toUTCString()}. Copy the new key from the license
        page and enter it in your software before then.
      </Paragraph>
    </EmailLayout>
  );
}

KeyReissuedEmail.PreviewProps = {
  productName: "Atlas Server",
  editionName: "Enterprise",
  reason: "Customer request: key shared with a contractor",
  oldKeyStopsAt: "2026-11-30T12:00:00.000Z",
  licenseUrl: "/licenses/00000000-0000-4000-8000-000000000000#key",
} satisfies EmailTemplateProps["key-reissued"];
