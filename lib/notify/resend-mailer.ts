import { Resend } from "resend";
import type { EmailRenderer, Mailer } from "./email";

export function createResendMailer({
  apiKey,
  from,
  render,
}: {
  apiKey: string;
  from: string;
  render: EmailRenderer;
}): Mailer {
  const resend = new Resend(apiKey);
  return {
    transport: "resend",
    async send(message, { idempotencyKey }) {
      const email = await render(message);
      const { error } = await resend.emails.send(
        { from, to: email.to, subject: email.subject, text: email.text, html: email.html },
        { idempotencyKey },
      );
      if (error) throw new Error(`Resend refused the email: ${error.name}`);
    },
  };
}
