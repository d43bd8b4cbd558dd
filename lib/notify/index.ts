export {
  devMailboxMailer,
  type EmailMessage,
  type LicenseChangeKind,
  type LicenseNoticeKind,
  type EmailRenderer,
  type EmailTemplateName,
  type EmailTemplateProps,
  type DeviceAdoptionCount,
  type Mailer,
  type RenderedEmail,
} from "./email";
export { createResendMailer } from "./resend-mailer";
export { enqueueEmail, enqueueEmails, sendEmail, type SendEmailInput } from "./send-email";
export { listMailbox, type MailboxMessage } from "./list-mailbox";
export {
  channelVerificationEmail,
  deviceAnomalyEmail,
  invitationEmail,
  keyReissuedEmail,
  secondFactorResetEmail,
  keyRevokedEmail,
  licenseNoticeEmail,
  licenseReadyEmail,
  noAccountEmail,
  offboardingNoticeEmail,
  operatorAlertEmail,
  overlapEndingEmail,
  releasePublishedEmail,
  renewalReminderEmail,
  seatAssignedEmail,
  licenseKeySignInEmail,
  rotationCompletedEmail,
  rotationDigestEmail,
  rotationIssuedEmail,
  rotationNoticeEmail,
  signInEmail,
  statusConfirmationEmail,
  statusIncidentEmail,
  usageAlertEmail,
  type RotationNoticeFacts,
  type StatusIncidentFacts,
} from "./messages";
export { retryFailedEmails } from "./retry-failed-emails";
export { dueNoticeLead, nextNoticeAt } from "./due-notice-lead";
export { deliverDueOutbox, MAX_DELIVERY_ATTEMPTS, nextAttemptDelayMs, type OutboxRow } from "./deliver-outbox";
export { findNoticeRecipients, findNoticeRecipientsByLicense, findNoticeRecipientsByOrg } from "./notice-recipients";
export { listDeliveries, DELIVERIES_PAGE_SIZE, type DeliveryRow } from "./list-deliveries";
export { retryDeadDelivery } from "./retry-dead-delivery";
export {
  awaitsRetry,
  isDeadLettered,
  isQueued,
  outboxMachine,
  outboxTransitions,
  type OutboxStatus,
} from "./outbox-transitions";
export { resendNotice } from "./resend-notice";
