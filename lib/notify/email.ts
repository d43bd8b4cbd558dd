/** An email as Rekey composes it; transports (Resend, the dev mailbox) only carry it. */
export interface Email {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  /** `dev-mailbox` keeps mail in the outbox for /dev/mailbox instead of sending it anywhere. */
  readonly transport: "resend" | "dev-mailbox";
  send(email: Email, options: { idempotencyKey: string }): Promise<void>;
}

export const devMailboxMailer: Mailer = {
  transport: "dev-mailbox",
  async send() {},
};
