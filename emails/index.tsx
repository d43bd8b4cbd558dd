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
import ReleasePublishedEmail from "./release-published";
import RenewalReminderEmail from "./renewal-reminder";
import RotationCompletedEmail from "./rotation-completed";
import RotationDigestEmail from "./rotation-digest";
import RotationIssuedEmail from "./rotation-issued";
import RotationOverlapEndingEmail from "./rotation-overlap-ending";
import RotationUpcomingEmail from "./rotation-upcoming";
import SecondFactorResetEmail from "./second-factor-reset";
import OffboardingNoticeEmail from "./offboarding-notice";
import SignInEmail from "./sign-in";
import StatusConfirmationEmail from "./status-confirmation";
import StatusIncidentEmail from "./status-incident";
import UsageAlertEmail from "./usage-alert";
import SeatAssignedEmail from "./seat-assigned";
import LicenseKeySignInEmail from "./license-key-sign-in";

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
  "rotation-overlap-ending": RotationOverlapEndingEmail,
  "rotation-completed": RotationCompletedEmail,
  "key-revoked": KeyRevokedEmail,
  "renewal-reminder": RenewalReminderEmail,
  "license-notice": LicenseNoticeEmail,
  "license-ready": LicenseReadyEmail,
  "key-reissued": KeyReissuedEmail,
  "second-factor-reset": SecondFactorResetEmail,
  "offboarding-notice": OffboardingNoticeEmail,
  "operator-alert": OperatorAlertEmail,
  "status-confirmation": StatusConfirmationEmail,
  "status-incident": StatusIncidentEmail,
  "release-published": ReleasePublishedEmail,
  "usage-alert": UsageAlertEmail,
  "seat-assigned": SeatAssignedEmail,
  "license-key-sign-in": LicenseKeySignInEmail,
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

/**
 * Plain text puts every link on a line of its own, its label on the line above (issue 16, item 13):
 * inline, a link's address ran into the next button's label (`…#keyRotate now http://…`), which
 * mail clients then linked as one broken address.
 */
interface TextBuilder {
  pushWordTransform(transform: (word: string) => string): void;
  popWordTransform(): void;
  openBlock(options: { leadingLineBreaks: number }): void;
  closeBlock(options: { trailingLineBreaks: number }): void;
  addLineBreak(): void;
  addInline(text: string, options: { noWordTransform: boolean }): void;
}

/** An html-to-text formatter (the package ships no types): the element, the walker of its children, the text so far. */
const linkOnItsOwnLine = (
  elem: { attribs?: Record<string, string>; children: unknown[] },
  walk: (nodes: unknown[], builder: TextBuilder) => void,
  builder: TextBuilder,
) => {
  const href = (elem.attribs?.href ?? "").replace(/^mailto:/, "");
  let label = "";
  builder.pushWordTransform((word) => {
    label += word;
    return word;
  });
  builder.openBlock({ leadingLineBreaks: 1 });
  walk(elem.children, builder);
  builder.popWordTransform();
  if (href && href !== label) {
    if (label) builder.addLineBreak();
    builder.addInline(href, { noWordTransform: true });
  }
  builder.closeBlock({ trailingLineBreaks: 1 });
};

const PLAIN_TEXT_OPTIONS = {
  formatters: { linkOnItsOwnLine },
  selectors: [{ selector: "a", format: "linkOnItsOwnLine" }],
};

export function createEmailRenderer({ baseUrl }: { baseUrl: string }): EmailRenderer {
  return async (message: EmailMessage): Promise<RenderedEmail> => {
    const Component = EMAIL_TEMPLATES[message.template] as ComponentType<object> | undefined;
    if (!Component) throw new Error(`No email template named ${JSON.stringify(message.template)}`);
    const element = <Component {...withAbsoluteUrls(message.props, baseUrl)} />;
    const [html, text] = await Promise.all([
      render(element),
      render(element, { plainText: true, htmlToTextOptions: PLAIN_TEXT_OPTIONS }),
    ]);
    return { to: message.to, subject: message.subject, html, text };
  };
}
