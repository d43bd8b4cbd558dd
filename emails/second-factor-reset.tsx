import type { EmailTemplateProps } from "@/lib/notify/email";
import { formatInZone } from "@/lib/time/format";
import { EmailLayout, Paragraph } from "./layout";

/** Support reset the reader's second factor (lost phone and recovery codes): what changed, and what to do if they never asked. */
export default function SecondFactorResetEmail({
  orgName,
  resetAt,
  securityUrl,
}: EmailTemplateProps["second-factor-reset"]) {
  return (
    <EmailLayout
      preview="Your authenticator app was removed from your Rekey account"
      heading="Two-step verification was reset"
      action={{ label: "Set up an authenticator app", url: securityUrl }}
    >
      <Paragraph>
        Rekey support removed the authenticator app and the recovery codes from your account ({orgName}) on{" "}
        {formatInZone(new Date(resetAt), "UTC")}. Codes from the old app no longer work, and every session has to prove
        a second factor again.
      </Paragraph>
      <Paragraph>
        Sign in with an email link as usual, then set up an authenticator app again: showing and downloading license
        keys may need it.
      </Paragraph>
      <Paragraph>
        If you did not ask for this, tell your administrator and Rekey support at once: someone may be trying to take
        over your account.
      </Paragraph>
    </EmailLayout>
  );
}

SecondFactorResetEmail.PreviewProps = {
  orgName: "Acme Robotics",
  resetAt: "2026-12-01T09:30:00.000Z",
  securityUrl: "/settings/security",
} satisfies EmailTemplateProps["second-factor-reset"];
