import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { notFound } from "next/navigation";
import { EmailCard } from "@/components/dev/email-card";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Time } from "@/components/ui/time";
import { appServices } from "@/lib/config/server";
import { listMailbox } from "@/lib/notify";
import { emailSchema } from "@/lib/validations/members";

export const metadata: Metadata = { title: "Dev mailbox" };
// Whether the mailbox exists is a runtime decision (REKEY_DEV_MAILBOX), never a build-time one.
export const dynamic = "force-dynamic";

/** Development only: every email the app "sent", sign-in links included. 404 in production. */
export default async function DevMailboxPage({ searchParams }: { searchParams: Promise<{ to?: string }> }) {
  if (!appServices().isDevMailboxEnabled) notFound();
  const { to } = await searchParams;
  const recipient = emailSchema.safeParse(to);
  const messages = await listMailbox(await appServices().db(), {
    to: recipient.success ? recipient.data : undefined,
    limit: 50,
  });
  // Rendered from the stored template name and facts, exactly as the mail provider would receive it.
  const rendered = await Promise.all(
    messages.map(async (entry) => ({ ...entry, email: await appServices().renderEmail(entry.message) })),
  );
  const now = new Date();
  return (
    <main id="main" className="mx-auto max-w-4xl px-4 py-8">
      <h1 className="text-2xl font-bold">Dev mailbox</h1>
      <p className="mb-6 mt-1 text-sm text-slate-600">
        Emails are not sent in development; they land here.{" "}
        {recipient.success ? (
          <>
            Showing mail to {recipient.data}.{" "}
            <a className="text-brand-700 underline" href="/dev/mailbox">
              Show all
            </a>
            .{" "}
          </>
        ) : null}
        <Link className="text-brand-700 underline" href="/dev/mailbox/templates">
          Preview every template
        </Link>
      </p>
      {rendered.length === 0 ? (
        <Card>
          <EmptyState title="No emails yet">Request a sign-in link and it appears here.</EmptyState>
        </Card>
      ) : (
        <div className="space-y-4">
          {rendered.map((entry) => (
            <EmailCard
              key={entry.id}
              email={entry.email}
              description={
                <>
                  To {entry.email.to} · <Time date={entry.createdAt} now={now} mode="relative" />
                </>
              }
            />
          ))}
        </div>
      )}
    </main>
  );
}
