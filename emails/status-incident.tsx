import { Link } from "@react-email/components";
import type { EmailTemplateProps } from "@/lib/notify/email";
import { EmailLayout, Paragraph } from "./layout";

/** One incident update for a status subscriber; every one carries its own unsubscribe link. */
export default function StatusIncidentEmail({
  title,
  stateLabel,
  impactLabel,
  message,
  statusUrl,
  unsubscribeUrl,
}: EmailTemplateProps["status-incident"]) {
  return (
    <EmailLayout
      preview={`${stateLabel}: ${title}`}
      heading={title}
      action={{ label: "Open the status page", url: statusUrl }}
    >
      <Paragraph>
        {stateLabel} · {impactLabel} impact
      </Paragraph>
      <Paragraph>{message}</Paragraph>
      <Paragraph>
        You receive this because you subscribed to Rekey status updates. <Link href={unsubscribeUrl}>Unsubscribe</Link>
      </Paragraph>
    </EmailLayout>
  );
}

StatusIncidentEmail.PreviewProps = {
  title: "Validation errors for some customers",
  stateLabel: "Investigating",
  impactLabel: "Minor",
  message: "Some validation requests fail with a timeout. We are looking into it.",
  statusUrl: "/status",
  unsubscribeUrl: "/status/unsubscribe?token=preview",
} satisfies EmailTemplateProps["status-incident"];
