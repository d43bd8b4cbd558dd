import type { EmailTemplateProps } from "@/lib/notify/email";
import { EmailLayout, Paragraph } from "./layout";

export default function SignInEmail({ url, expiresInMinutes }: EmailTemplateProps["sign-in"]) {
  return (
    <EmailLayout preview="Your link to sign in to Rekey" heading="Sign in to Rekey" action={{ label: "Sign in", url }}>
      <Paragraph>Use the button below to sign in to Rekey.</Paragraph>
      <Paragraph>
        The link works once and expires in {expiresInMinutes} minutes. If you did not ask to sign in, you can ignore
        this email.
      </Paragraph>
    </EmailLayout>
  );
}

SignInEmail.PreviewProps = {
  url: "/api/auth/callback/resend?token=preview",
  expiresInMinutes: 15,
} satisfies EmailTemplateProps["sign-in"];
