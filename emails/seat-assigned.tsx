import type { EmailTemplateProps } from "@/lib/notify/email";
import { EmailLayout, Paragraph } from "./layout";

/**
 * Named-user seats (issue 18): an owner of the organization holding the license gave the person a
 * seat, whether or not they belong to it. Where to see it; the software they use asks them to sign
 * in with this address.
 */
export default function SeatAssignedEmail({
  productName,
  editionName,
  licenseUrl,
}: EmailTemplateProps["seat-assigned"]) {
  return (
    <EmailLayout
      preview={`You can now use ${productName} ${editionName}`}
      heading={`You have a seat of ${productName}`}
      action={{ label: "See your seat", url: licenseUrl }}
    >
      <Paragraph>
        An organization's owner assigned you one of the seats of its {productName} ({editionName}) license. The software
        counts seats by person: sign in to it with this email address.
      </Paragraph>
      <Paragraph>Sign in to the portal with this address to see the licenses you hold a seat of.</Paragraph>
    </EmailLayout>
  );
}

SeatAssignedEmail.PreviewProps = {
  productName: "Studio",
  editionName: "Team",
  licenseUrl: "/held/00000000-0000-4000-8000-000000000000",
} satisfies EmailTemplateProps["seat-assigned"];
