import type { ReactNode } from "react";
import { Card, CardHeader } from "@/components/ui/card";
import type { RenderedEmail } from "@/lib/notify";

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeEntity(entity: string, name: string): string {
  if (!name.startsWith("#")) return NAMED_ENTITIES[name] ?? entity;
  const isHex = name[1] === "x" || name[1] === "X";
  return String.fromCodePoint(Number.parseInt(name.slice(isHex ? 2 : 1), isHex ? 16 : 10));
}

const decode = (value: string) => value.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, decodeEntity);

/** Link text as a reader sees it: no Outlook-only comments, no tags, no spacing characters around it. */
const textOf = (html: string) =>
  decode(html.replace(/<!--[\s\S]*?-->/g, "").replace(/<[^>]+>/g, ""))
    .replace(/[\s\u200a\u200b]+/g, " ")
    .trim();

/** The links of a rendered email with their labels, one per address (a button and its spelled-out link are one). */
function linksIn(html: string): { href: string; label: string }[] {
  const links = new Map<string, string>();
  for (const [, href, inner] of html.matchAll(/<a\b[^>]*\bhref="([^"]+)"[^>]*>([\s\S]*?)<\/a>/g)) {
    const url = decode(href!);
    if (!links.has(url)) links.set(url, textOf(inner!));
  }
  return [...links].map(([href, label]) => ({ href, label }));
}

/** One email as a reader would see it, plus its links and plain-text part, for the dev mailbox. */
export function EmailCard({ email, description }: { email: RenderedEmail; description: ReactNode }) {
  const links = linksIn(email.html);
  return (
    <Card aria-label={`Email to ${email.to}: ${email.subject}`}>
      <CardHeader title={email.subject} description={description} />
      <div className="px-5 py-4">
        <iframe
          title={`Email: ${email.subject}`}
          srcDoc={`<base target="_top">${email.html}`}
          sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation"
          className="h-80 w-full rounded border border-slate-200 bg-white"
        />
        {links.length > 0 ? (
          <ul className="mt-3 space-y-1 text-sm" aria-label="Links in this email">
            {links.map(({ href, label }) => (
              <li key={href} className="truncate">
                <a className="font-medium text-brand-700 underline" href={href}>
                  {label || href}
                </a>{" "}
                <span className="text-slate-500">{href}</span>
              </li>
            ))}
          </ul>
        ) : null}
        <details className="mt-3 text-sm">
          <summary className="cursor-pointer text-slate-600">Plain text</summary>
          <pre className="mt-2 whitespace-pre-wrap rounded bg-slate-50 p-3 text-xs">{email.text}</pre>
        </details>
      </div>
    </Card>
  );
}
