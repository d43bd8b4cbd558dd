import type { EmailTemplateProps } from "@/lib/notify/email";
import { EmailLayout, Paragraph } from "./layout";

export default function NoAccountEmail({ signInUrl }: EmailTemplateProps["no-account"]) {
  return (
    <EmailLayout
      preview="This address has no Rekey account"
      heading="No account for this address"
      action={{ label: "Back to sign-in", url: signInUrl }}
    >
      <Paragraph>
        Someone, probably you, asked to sign in to Rekey with this email address, but it has no Rekey account.
      </Paragraph>
      <Paragraph>
        Ask an owner of your organization to invite this address from the Members page, then sign in again. If this
        wasn&apos;t you, you can ignore this email.
      </Paragraph>
    </EmailLayout>
  );
}

NoAccountEmail.PreviewProps = { signInUrl: "/signin" } satisfies EmailTemplateProps["no-account"];
