/**
 * The emails Rekey sends, as messages: recipient, subject and the facts their template needs.
 * The wording of the bodies lives with the templates in `emails/`; subjects live here because the
 * outbox, the dev mailbox and staff views list them without rendering anything.
 */
import { formatShortDate } from "@/lib/time/format";
import type { EmailMessage, EmailTemplateName, EmailTemplateProps, LicenseNoticeKind } from "./email";

type MessageOf<Name extends EmailTemplateName> = Extract<EmailMessage, { template: Name }>;

function message<Name extends EmailTemplateName>(
  template: Name,
  to: string,
  subject: string,
  props: EmailTemplateProps[Name],
): MessageOf<Name> {
  return { to, subject, template, props } as MessageOf<Name>;
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

export function channelVerificationEmail({
  to,
  ...props
}: { to: string } & EmailTemplateProps["channel-verification"]) {
  return message("channel-verification", to, "Confirm this address for Rekey rotation notices", props);
}

export function deviceAnomalyEmail({ to, ...props }: { to: string } & EmailTemplateProps["device-anomaly"]) {
  return message("device-anomaly", to, `Unusual activation activity on your ${props.productName} license`, props);
}

export type RotationNoticeFacts = { to: string } & EmailTemplateProps["rotation-upcoming"];

/** The upcoming-rotation notice: when, in the reader's zone, and exactly what to do. */
export function rotationNoticeEmail({ to, ...props }: RotationNoticeFacts) {
  return message(
    "rotation-upcoming",
    to,
    `Key rotation for ${props.productName} on ${formatShortDate(new Date(props.rotatesAt), props.timeZone)}`,
    props,
  );
}

/** The overlap ends soon: when the old key stops, and who still presents it. */
export function overlapEndingEmail({ to, ...props }: { to: string } & EmailTemplateProps["rotation-overlap-ending"]) {
  return message(
    "rotation-overlap-ending",
    to,
    `The old ${props.productName} key stops working on ${formatShortDate(new Date(props.oldKeyStopsAt), props.timeZone)}`,
    props,
  );
}

export function rotationDigestEmail({ to, ...props }: { to: string } & EmailTemplateProps["rotation-digest"]) {
  return message(
    "rotation-digest",
    to,
    `${props.licenseCount} license keys rotate on ${formatShortDate(new Date(props.rotatesAt), props.timeZone)}`,
    props,
  );
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
  return message(
    "renewal-reminder",
    to,
    `Your ${props.productName} license expires on ${formatShortDate(new Date(props.expiresAt), props.timeZone)}`,
    props,
  );
}

export function statusConfirmationEmail({ to, ...props }: { to: string } & EmailTemplateProps["status-confirmation"]) {
  return message("status-confirmation", to, "Confirm Rekey status updates", props);
}

/** A new release the recipient may download, linking to the Downloads page where it is listed. */
export function releasePublishedEmail({ to, ...props }: { to: string } & EmailTemplateProps["release-published"]) {
  return message("release-published", to, `${props.productName} ${props.version} is available`, props);
}

export type StatusIncidentFacts = { to: string } & EmailTemplateProps["status-incident"];

export function statusIncidentEmail({ to, ...props }: StatusIncidentFacts) {
  return message("status-incident", to, `[${props.stateLabel}] ${props.title}`, props);
}

const LICENSE_NOTICE_SUBJECTS: Record<LicenseNoticeKind, (productName: string) => string> = {
  suspended: (product) => `Your ${product} license is suspended`,
  resumed: (product) => `Your ${product} license is active again`,
  reinstated: (product) => `Your ${product} license is active again`,
  revoking: (product) => `Your ${product} license will be revoked`,
  revocation_undone: (product) => `The revocation of your ${product} license was undone`,
  revoked: (product) => `Your ${product} license was revoked`,
  seats_changed: (product) => `The seats of your ${product} license changed`,
  expiry_extended: (product) => `Your ${product} license was extended`,
  edition_changed: (product) => `Your ${product} license changed edition`,
  term_ended: (product) => `The term of your ${product} license has ended`,
};

/** A change of the license's standing (suspended, revoked, …): what stops working, why, and the way back. */
export function licenseNoticeEmail({
  to,
  revokesAt,
  ...props
}: { to: string; revokesAt?: Date | null } & Omit<EmailTemplateProps["license-notice"], "revokesAt">) {
  return message("license-notice", to, LICENSE_NOTICE_SUBJECTS[props.kind](props.productName), {
    ...props,
    revokesAt: revokesAt?.toISOString() ?? null,
  });
}

/** A new license is ready: names the product and links to the portal; the key itself is only ever shown there. */
export function licenseReadyEmail({ to, ...props }: { to: string } & EmailTemplateProps["license-ready"]) {
  return message("license-ready", to, `Your ${props.productName} license is ready`, props);
}

/** Support issued a new key: it works now, the old one keeps working until the overlap ends. */
export function keyReissuedEmail({
  to,
  oldKeyStopsAt,
  ...props
}: { to: string; oldKeyStopsAt: Date } & Omit<EmailTemplateProps["key-reissued"], "oldKeyStopsAt">) {
  return message("key-reissued", to, `A new license key for ${props.productName} was issued`, {
    ...props,
    oldKeyStopsAt: oldKeyStopsAt.toISOString(),
  });
}

/** Support removed someone's authenticator app: they hear of it, so a reset they never asked for does not go unnoticed. */
export function secondFactorResetEmail({ to, ...props }: { to: string } & EmailTemplateProps["second-factor-reset"]) {
  return message("second-factor-reset", to, "Your Rekey two-step verification was reset", props);
}

/** An operator alert from the health checks, sent to staff; `facts` are the numbers behind it. */
export function operatorAlertEmail({ to, ...props }: { to: string } & EmailTemplateProps["operator-alert"]) {
  return message("operator-alert", to, `[Rekey alert] ${props.title}`, props);
}

/** A license reached 80 % or 100 % of a usage quota this period (issue 18): what is left and when it renews. */
export function usageAlertEmail({ to, ...props }: { to: string } & EmailTemplateProps["usage-alert"]) {
  const reached = props.percent >= 100 ? "has used all of" : `has used ${props.percent} % of`;
  return message("usage-alert", to, `Your ${props.productName} license ${reached} its ${props.meter} quota`, props);
}

/** Named-user seats (issue 18): the person an owner assigned a seat to. */
export function seatAssignedEmail({ to, ...props }: { to: string } & EmailTemplateProps["seat-assigned"]) {
  return message("seat-assigned", to, `You have a seat of ${props.productName}`, props);
}

/** Sign-in by license key (issue 20): the code, or that nothing matched, to the address entered. */
export function licenseKeySignInEmail({ to, ...props }: { to: string } & EmailTemplateProps["license-key-sign-in"]) {
  return message(
    "license-key-sign-in",
    to,
    props.code ? "Your Rekey sign-in code" : "Sign-in attempt with a license key",
    props,
  );
}

/** The one notice of an offboarding (lib/offboarding): the end date and what stops then. */
export function offboardingNoticeEmail({ to, ...props }: { to: string } & EmailTemplateProps["offboarding-notice"]) {
  return message(
    "offboarding-notice",
    to,
    `Your Rekey access for ${props.orgName} ends on ${props.endsAt.slice(0, 10)}`,
    props,
  );
}
