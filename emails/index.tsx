/**
 * The React email templates and the renderer the app injects into its mailer. `lib/` only knows
 * template names and props (lib/notify/email.ts); this is where they become HTML and plain text.
 */
import { render } from "@react-email/render";
import type { ComponentType } from "react";
import type {
  EmailMessage,
  EmailRenderer,
  EmailTemplateName,
  EmailTemplateProps,
  RenderedEmail,
} from "@/lib/notify/email";
import ChannelVerificationEmail from "./channel-verification";
import DeviceAnomalyEmail from "./device-anomaly";
import InvitationEmail from "./invitation";
import KeyReissuedEmail from "./key-reissued";
import KeyRevokedEmail from "./key-revoked";
import LicenseNoticeEmail from "./license-notice";
import LicenseReadyEmail from "./license-ready";
import NoAccountEmail from "./no-account";
import OperatorAlertEmail from "./operator-alert";
import RenewalReminderEmail from "./renewal-reminder";
import RotationCompletedEmail from "./rotation-completed";
import RotationDigestEmail from "./rotation-digest";
import RotationIssuedEmail from "./rotation-issued";
import RotationUpcomingEmail from "./rotation-upcoming";
import SecondFactorResetEmail from "./second-factor-reset";
import SignInEmail from "./sign-in";
import StatusConfirmationEmail from "./status-confirmation";
import StatusIncidentEmail from "./status-incident";

type Template<Name extends EmailTemplateName> = ComponentType<EmailTemplateProps[Name]> & {
  PreviewProps: EmailTemplateProps[Name];
};

export const EMAIL_TEMPLATES: { [Name in EmailTemplateName]: Template<Name> } = {
  "sign-in": SignInEmail,
  "no-account": NoAccountEmail,
  invitation: InvitationEmail,
  "channel-verification": ChannelVerificationEmail,
  "device-anomaly": DeviceAnomalyEmail,
  "rotation-upcoming": RotationUpcomingEmail,
  "rotation-digest": RotationDigestEmail,
  "rotation-issued": RotationIssuedEmail,
  "rotation-completed": RotationCompletedEmail,
  "key-revoked": KeyRevokedEmail,
  "renewal-reminder": RenewalReminderEmail,
  "license-notice": LicenseNoticeEmail,
  "license-ready": LicenseReadyEmail,
  "key-reissued": KeyReissuedEmail,
  "second-factor-reset": SecondFactorResetEmail,
  "operator-alert": OperatorAlertEmail,
  "status-confirmation": StatusConfirmationEmail,
  "status-incident": StatusIncidentEmail,
};

/** Link props (`url`, `…Url`) may be portal paths; emails need absolute links. */
function withAbsoluteUrls<Props extends object>(props: Props, baseUrl: string): Props {
  return Object.fromEntries(
    Object.entries(props).map(([name, value]) => [
      name,
      (name === "url" || name.endsWith("Url")) && typeof value === "string"
        ? new URL(value, baseUrl).toString()
        : value,
    ]),
  ) as Props;
}

export function createEmailRenderer({ baseUrl }: { baseUrl: string }): EmailRenderer {
  return async (message: EmailMessage): Promise<RenderedEmail> => {
    const Component = EMAIL_TEMPLATES[message.template] as ComponentType<object> | undefined;
    if (!Component) throw new Error(`No email template named ${JSON.stringify(message.template)}`);
    const element = <Component {...withAbsoluteUrls(message.props, baseUrl)} />;
    const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
    return { to: message.to, subject: message.subject, html, text };
  };
}
