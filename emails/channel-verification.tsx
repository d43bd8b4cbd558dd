import type { EmailTemplateProps } from "@/lib/notify/email";
import { EmailLayout, Paragraph } from "./layout";

export default function ChannelVerificationEmail({ verifyUrl }: EmailTemplateProps["channel-verification"]) {
  return (
    <EmailLayout
      preview="Confirm this address to receive rotation notices"
      heading="Confirm notices to this address"
      action={{ label: "Confirm this address", url: verifyUrl }}
    >
      <Paragraph>Someone added this address to receive license-key rotation notices from Rekey.</Paragraph>
      <Paragraph>
        Confirm it with the button below; until then it receives nothing. If you did not expect this, ignore this email.
      </Paragraph>
    </EmailLayout>
  );
}

ChannelVerificationEmail.PreviewProps = {
  verifyUrl: "/channels/verify?token=preview",
} satisfies EmailTemplateProps["channel-verification"];
