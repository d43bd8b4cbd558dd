/**
 * The emails Rekey sends, as messages: recipient, subject and the facts their template needs.
 * The wording of the bodies lives with the templates in `emails/`; subjects live here because the
 * outbox, the dev mailbox and staff views list them without rendering anything.
 */
import type { EmailMessage, EmailTemplateName, EmailTemplateProps } from "./email";

type MessageOf<Name extends EmailTemplateName> = Extract<EmailMessage, { template: Name }>;

function message<Name extends EmailTemplateName>(template: Name, to: string, subject: string, props: EmailTemplateProps[Name]): MessageOf<Name> {
  return { to, subject, template, props } as MessageOf<Name>;
}

/** "5 Dec" in the recipient's zone: short enough for a subject line, unambiguous within a year. */
export function formatShortDate(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone }).format(new Date(iso));
}

export function signInEmail({ to, ...props }: { to: string } & EmailTemplateProps["sign-in"]) {
  return message("sign-in", to, "Your Rekey sign-in link", props);
}

export function noAccountEmail({ to, ...props }: { to: string } & EmailTemplateProps["no-account"]) {
  return message("no-account", to, "Sign-in attempt: no Rekey account for this address", props);
}

export function invitationEmail({ to, ...props }: { to: string } & EmailTemplateProps["invitation"]) {
  return message("invitation", to, `You're invited to ${props.orgName} on Rekey`, props);
}

export function channelVerificationEmail({ to, ...props }: { to: string } & EmailTemplateProps["channel-verification"]) {
  return message("channel-verification", to, "Confirm this address for Rekey rotation notices", props);
}

export function deviceAnomalyEmail({ to, ...props }: { to: string } & EmailTemplateProps["device-anomaly"]) {
  return message("device-anomaly", to, `Unusual activation activity on your ${props.productName} license`, props);
}

export type RotationNoticeFacts = { to: string } & EmailTemplateProps["rotation-upcoming"];

/** The upcoming-rotation notice: when, in the reader's zone, and exactly what to do. */
export function rotationNoticeEmail({ to, ...props }: RotationNoticeFacts) {
  return message("rotation-upcoming", to, `Key rotation for ${props.productName} on ${formatShortDate(props.rotatesAt, props.timeZone)}`, props);
}

export function rotationIssuedEmail({ to, ...props }: { to: string } & EmailTemplateProps["rotation-issued"]) {
  return message("rotation-issued", to, `New license key for ${props.productName} is active`, props);
}

export function rotationCompletedEmail({ to, ...props }: { to: string } & EmailTemplateProps["rotation-completed"]) {
  return message("rotation-completed", to, `Key rotation for ${props.productName} completed`, props);
}

export function keyRevokedEmail({ to, ...props }: { to: string } & EmailTemplateProps["key-revoked"]) {
  return message("key-revoked", to, `Your ${props.productName} license key was revoked and replaced`, props);
}

export function renewalReminderEmail({ to, ...props }: { to: string } & EmailTemplateProps["renewal-reminder"]) {
  return message("renewal-reminder", to, `Your ${props.productName} license expires on ${formatShortDate(props.expiresAt, props.timeZone)}`, props);
}

export function statusConfirmationEmail({ to, ...props }: { to: string } & EmailTemplateProps["status-confirmation"]) {
  return message("status-confirmation", to, "Confirm Rekey status updates", props);
}

export type StatusIncidentFacts = { to: string } & EmailTemplateProps["status-incident"];

export function statusIncidentEmail({ to, ...props }: StatusIncidentFacts) {
  return message("status-incident", to, `[${props.stateLabel}] ${props.title}`, props);
}
