import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Time } from "@/components/ui/time";
import { getDb, isDevMailboxEnabled } from "@/lib/config/server";
import { listMailbox } from "@/lib/notify";
import { emailSchema } from "@/lib/validations/members";

export const metadata: Metadata = { title: "Dev mailbox" };
// Whether the mailbox exists is a runtime decision (REKEY_DEV_MAILBOX), never a build-time one.
export const dynamic = "force-dynamic";

/** Development only: every email the app "sent", sign-in links included. 404 in production. */
export default async function DevMailboxPage({ searchParams }: { searchParams: Promise<{ to?: string }> }) {
  if (!isDevMailboxEnabled) notFound();
  const { to } = await searchParams;
  const recipient = emailSchema.safeParse(to);
  const messages = await listMailbox(await getDb(), { to: recipient.success ? recipient.data : undefined, limit: 50 });
  const now = new Date();
  return (
    <main id="main" className="mx-auto max-w-4xl px-4 py-8">
      <h1 className="text-2xl font-bold">Dev mailbox</h1>
      <p className="mb-6 mt-1 text-sm text-slate-600">
        Emails are not sent in development; they land here. {recipient.success ? <>Showing mail to {recipient.data}. <a className="text-brand-700 underline" href="/dev/mailbox">Show all</a></> : null}
      </p>
      {messages.length === 0 ? (
        <Card>
          <EmptyState title="No emails yet">Request a sign-in link and it appears here.</EmptyState>
        </Card>
      ) : (
        <div className="space-y-4">
          {messages.map((message) => (
            <Card key={message.id} aria-label={`Email to ${message.to}: ${message.subject}`}>
              <CardHeader title={message.subject} description={<>To {message.to} · <Time date={message.createdAt} now={now} mode="relative" /></>} />
              <div className="px-5 py-4">
                <iframe title={`Email: ${message.subject}`} srcDoc={`<base target="_top">${message.html}`} sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation" className="h-80 w-full rounded border border-slate-200 bg-white" />
                <LinksIn text={message.text} />
                <details className="mt-3 text-sm">
                  <summary className="cursor-pointer text-slate-600">Plain text</summary>
                  <pre className="mt-2 whitespace-pre-wrap rounded bg-slate-50 p-3 text-xs">{message.text}</pre>
                </details>
              </div>
            </Card>
          ))}
        </div>
      )}
    </main>
  );
}

function LinksIn({ text }: { text: string }) {
  const links = [...new Set(text.match(/https?:\/\/\S+/g) ?? [])];
  if (links.length === 0) return null;
  return (
    <ul className="mt-3 space-y-1 text-sm" aria-label="Links in this email">
      {links.map((href) => (
        <li key={href} className="truncate">
          <a className="font-medium text-brand-700 underline" href={href}>
            {href}
          </a>
        </li>
      ))}
    </ul>
  );
}
