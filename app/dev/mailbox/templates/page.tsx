import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { EMAIL_TEMPLATES } from "@/emails";
import { EmailCard } from "@/components/dev/email-card";
import { appServices } from "@/lib/config/server";
import type { EmailMessage, EmailTemplateName } from "@/lib/notify";

export const metadata: Metadata = { title: "Email templates" };
export const dynamic = "force-dynamic";

/** Development only: every email template rendered with its preview facts, to review a wording or layout change. */
export default async function EmailTemplatesPage() {
  if (!appServices().isDevMailboxEnabled) notFound();
  const names = Object.keys(EMAIL_TEMPLATES) as EmailTemplateName[];
  const previews = await Promise.all(
    names.map(async (template) => ({
      template,
      email: await appServices().renderEmail({
        to: "preview@rekey.example",
        subject: `Preview: ${template}`,
        template,
        props: EMAIL_TEMPLATES[template].PreviewProps,
      } as EmailMessage),
    })),
  );
  return (
    <main id="main" className="mx-auto max-w-4xl px-4 py-8">
      <h1 className="text-2xl font-bold">Email templates</h1>
      <p className="mb-6 mt-1 text-sm text-slate-600">
        Each template in <code>emails/</code> rendered with its <code>PreviewProps</code>.{" "}
        <a className="text-brand-700 underline" href="/dev/mailbox">
          Back to the mailbox
        </a>
      </p>
      <div className="space-y-4">
        {previews.map(({ template, email }) => (
          <EmailCard key={template} email={email} description={<code>emails/{template}.tsx</code>} />
        ))}
      </div>
    </main>
  );
}
