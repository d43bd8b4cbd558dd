export { devMailboxMailer, type Email, type Mailer } from "./email";
export { createResendMailer } from "./resend-mailer";
export { sendEmail, type SendEmailInput } from "./send-email";
export { listMailbox, type MailboxMessage } from "./list-mailbox";
export {
  deviceAnomalyEmail,
  invitationEmail,
  noAccountEmail,
  rotationNoticeEmail,
  signInEmail,
  statusConfirmationEmail,
  statusIncidentEmail,
  type RotationNoticeFacts,
  type StatusIncidentFacts,
} from "./templates";
export { retryFailedEmails } from "./retry-failed-emails";
export { deliverDueOutbox, MAX_DELIVERY_ATTEMPTS, nextAttemptDelayMs, type OutboxRow } from "./deliver-outbox";
