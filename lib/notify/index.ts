export { devMailboxMailer, type Email, type Mailer } from "./email";
export { createResendMailer } from "./resend-mailer";
export { sendEmail, type SendEmailInput } from "./send-email";
export { listMailbox, type MailboxMessage } from "./list-mailbox";
export {
  deviceAnomalyEmail,
  invitationEmail,
  keyReissuedEmail,
  licenseNoticeEmail,
  noAccountEmail,
  operatorAlertEmail,
  rotationNoticeEmail,
  signInEmail,
  statusConfirmationEmail,
  statusIncidentEmail,
  type LicenseNoticeKind,
  type RotationNoticeFacts,
  type StatusIncidentFacts,
} from "./templates";
export { retryFailedEmails } from "./retry-failed-emails";
export { deliverDueOutbox, MAX_DELIVERY_ATTEMPTS, nextAttemptDelayMs, type OutboxRow } from "./deliver-outbox";
export { findNoticeRecipients } from "./notice-recipients";
export { listDeliveries, DELIVERIES_PAGE_SIZE, type DeliveryRow } from "./list-deliveries";
export { retryDeadDelivery } from "./retry-dead-delivery";
export { resendNotice } from "./resend-notice";
