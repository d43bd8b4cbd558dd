import type { EmailTemplateProps } from "@/lib/notify/email";
import { EmailLayout, Paragraph } from "./layout";

export default function StatusConfirmationEmail({ confirmUrl }: EmailTemplateProps["status-confirmation"]) {
  return (
    <EmailLayout
      preview="Confirm to receive Rekey status updates"
      heading="Confirm status updates"
      action={{ label: "Confirm status updates", url: confirmUrl }}
    >
      <Paragraph>
        Someone, probably you, asked to receive Rekey status updates (incidents and their resolution) at this address.
      </Paragraph>
      <Paragraph>
        Confirm to start receiving them. If this wasn&apos;t you, ignore this email and you will hear nothing more.
      </Paragraph>
    </EmailLayout>
  );
}

StatusConfirmationEmail.PreviewProps = {
  confirmUrl: "/status/confirm?token=preview",
} satisfies EmailTemplateProps["status-confirmation"];
