import type { EmailTemplateProps } from "@/lib/notify/email";
import { formatInZone } from "@/lib/time/format";
import { EmailLayout, Paragraph } from "./layout";

/**
 * The one notice of an offboarding (issue 22): on which date the organization's access ends, what
 * stops working then, and the vendor's message. Sent once, when staff schedule it.
 */
export default function OffboardingNoticeEmail({
  orgName,
  endsAt,
  licenseEnding,
  customerMessage,
  portalUrl,
}: EmailTemplateProps["offboarding-notice"]) {
  const when = formatInZone(new Date(endsAt), "UTC");
  return (
    <EmailLayout
      preview={`Access for ${orgName} ends on ${when}`}
      heading="Your access is ending"
      action={{ label: "Open the portal", url: portalUrl }}
    >
      <Paragraph>
        The contract for {orgName} ends on {when}. On that date every license of {orgName} is{" "}
        {licenseEnding === "revoke" ? "revoked: its keys stop validating at once" : "set to expire"}, everyone is signed
        out of the portal, and the organization's API tokens are deleted.
      </Paragraph>
      {customerMessage ? <Paragraph>{customerMessage}</Paragraph> : null}
      <Paragraph>Until then everything works as before. If this is a mistake, contact your vendor's support.</Paragraph>
    </EmailLayout>
  );
}

OffboardingNoticeEmail.PreviewProps = {
  orgName: "Acme Robotics",
  endsAt: "2027-01-31T23:59:59.000Z",
  licenseEnding: "expire",
  customerMessage: "Thank you for working with us.",
  portalUrl: "/",
} satisfies EmailTemplateProps["offboarding-notice"];
