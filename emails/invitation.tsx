import type { EmailTemplateProps } from "@/lib/notify/email";
import { EmailLayout, Paragraph } from "./layout";

export default function InvitationEmail({ orgName, inviterEmail, role, signInUrl }: EmailTemplateProps["invitation"]) {
  return (
    <EmailLayout
      preview={`${inviterEmail} invited you to ${orgName}`}
      heading={`Join ${orgName} on Rekey`}
      action={{ label: "Sign in to Rekey", url: signInUrl }}
    >
      <Paragraph>
        {inviterEmail} invited you to {orgName} on Rekey as {role === "owner" ? "an owner" : "a member"}.
      </Paragraph>
      <Paragraph>
        Rekey is where you see your licenses, choose when your license keys rotate, and manage the devices that use
        them. Sign in with this email address to get started.
      </Paragraph>
    </EmailLayout>
  );
}

InvitationEmail.PreviewProps = {
  orgName: "Acme",
  inviterEmail: "alice@acme.example",
  role: "member",
  signInUrl: "/signin",
} satisfies EmailTemplateProps["invitation"];
