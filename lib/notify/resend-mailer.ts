import { Resend } from "resend";
import type { Mailer } from "./email";

export function createResendMailer({ apiKey, from }: { apiKey: string; from: string }): Mailer {
  const resend = new Resend(apiKey);
  return {
    transport: "resend",
    async send(email, { idempotencyKey }) {
      const { error } = await resend.emails.send(
        { from, to: email.to, subject: email.subject, text: email.text, html: email.html },
        { idempotencyKey },
      );
      if (error) throw new Error(`Resend refused the email: ${error.name}`);
    },
  };
}
