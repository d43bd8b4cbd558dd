import type { EmailTemplateProps } from "@/lib/notify/email";
import { EmailLayout, Paragraph } from "./layout";

/**
 * Sign-in by license key (issue 20): the one-time code for the license's view, or, when the key
 * and this address did not match, a note saying so, so the sign-in page never has to tell.
 */
export default function LicenseKeySignInEmail({
  code,
  expiresInMinutes,
  signInUrl,
}: EmailTemplateProps["license-key-sign-in"]) {
  return code ? (
    <EmailLayout
      preview={`Your sign-in code is ${code}`}
      heading="Your sign-in code"
      action={{ label: "Enter the code", url: signInUrl }}
    >
      <Paragraph>Enter this code on the sign-in page to open the license you entered the key of:</Paragraph>
      <Paragraph>
        <strong style={{ fontSize: "24px", letterSpacing: "4px" }}>{code}</strong>
      </Paragraph>
      <Paragraph>
        It works once, for {expiresInMinutes} minutes. If you didn&apos;t ask for it, ignore this email: without the
        code nobody can sign in.
      </Paragraph>
    </EmailLayout>
  ) : (
    <EmailLayout
      preview="No license matched that key and this address"
      heading="No sign-in code for this attempt"
      action={{ label: "Back to sign-in", url: signInUrl }}
    >
      <Paragraph>
        Someone, probably you, asked to sign in with a license key and this email address, but that key does not belong
        to a single-user license this address holds or manages.
      </Paragraph>
      <Paragraph>Check the key, or sign in with a link instead. If this wasn&apos;t you, ignore this email.</Paragraph>
    </EmailLayout>
  );
}

LicenseKeySignInEmail.PreviewProps = {
  code: "428193",
  expiresInMinutes: 10,
  signInUrl: "/signin/license-key?step=code&email=you%40company.example",
} satisfies EmailTemplateProps["license-key-sign-in"];
