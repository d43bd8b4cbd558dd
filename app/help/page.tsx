import { TableScroll } from "@/components/ui/simple-table";
import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { RotationDiagram } from "@/components/help/rotation-diagram";
import { Card, CardHeader } from "@/components/ui/card";
import { loadHelpSnippets } from "@/lib/help/snippets";
import { VALIDATION_CODE_GUIDE } from "@/lib/licensing";

export const metadata: Metadata = { title: "Help" };

const SECTIONS = [
  ["getting-started", "Getting started"],
  ["rotation", "What happens during a rotation"],
  ["troubleshooting", "Troubleshooting"],
  ["integration", "Integration snippets"],
] as const;

/** Extra answers beyond validation: activation asks for these when a license has a PIN. */
const ACTIVATION_CODES = [
  [
    "PIN_REQUIRED",
    "This enterprise license asks new devices for its PIN (always, or only from a network it has not been used from).",
    "Ask the user for the license PIN and activate again with `pin`.",
  ],
  [
    "PIN_INVALID",
    "The PIN sent with the activation is wrong. No seat was taken.",
    "Ask the user to check the PIN with their administrator; the owner can change it on the license page.",
  ],
] as const;

/** Public: useful before signing in, and linked from the status page and emails. */
export default async function HelpPage() {
  const snippets = await loadHelpSnippets();
  return (
    <main id="main" className="mx-auto max-w-4xl space-y-6 px-4 py-10">
      <header>
        <p className="text-sm font-semibold text-brand-700">Rekey</p>
        <h1 className="text-2xl font-semibold text-slate-900">Help</h1>
        <nav aria-label="Help sections" className="mt-3 flex flex-wrap gap-3 text-sm">
          {SECTIONS.map(([id, label]) => (
            <a key={id} href={`#${id}`} className="font-medium text-brand-700 underline">
              {label}
            </a>
          ))}
          <Link href="/status" className="font-medium text-brand-700 underline">
            System status
          </Link>
        </nav>
      </header>

      <Card aria-labelledby="getting-started">
        <CardHeader id="getting-started" title="Getting started" />
        <ol className="list-decimal space-y-2 px-10 py-4 text-sm text-slate-700">
          <li>Sign in with the email address your vendor invited; the link in the email signs you in (no password).</li>
          <li>
            Open a license to see its key, devices and entitlements. Reveal or copy the key and paste it into the
            software.
          </li>
          <li>
            Under Rotation, choose when keys change (cadence and a window that suits you) and how long old and new keys
            overlap.
          </li>
          <li>Under Settings → Notifications, add email addresses or webhooks that should hear about rotations.</li>
          <li>
            For machines without internet, download a license file: the software verifies it offline with our published
            keys.
          </li>
        </ol>
      </Card>

      <Card aria-labelledby="assigned-licenses">
        <CardHeader
          id="assigned-licenses"
          title="A license assigned to you"
          description="For people who use a license without managing it: a seat someone gave you, or a single-user license of your own."
        />
        <ul className="list-disc space-y-2 px-9 py-4 text-sm text-slate-700">
          <li>
            An owner can give you a seat of a named-user license by email, even if you are not in their organization.
            You get an email; sign in with that address and <strong>Licenses assigned to me</strong> lists the licenses
            you hold a seat of, each with your seat token, the license key and the license file. You see nothing else of
            the organization, and the seat is yours until the owner takes it back.
          </li>
          <li>
            For a single-user license, choose <strong>Sign in with a license key</strong> on the sign-in page: enter the
            key and your email address, and the 6-digit code we email you (it works once, for 10 minutes) opens that
            license only. The page answers the same whether or not the key matched, so check your mailbox.
          </li>
          <li>
            Keys and license files still need a recent sign-in, and the second factor where the organization requires
            one.
          </li>
        </ul>
      </Card>

      <Card aria-labelledby="rotation">
        <CardHeader
          id="rotation"
          title="What happens during a rotation"
          description="A rotation replaces a license key without interrupting anyone who installs the new key before the overlap ends."
        />
        <div className="px-5 py-4">
          <RotationDiagram />
        </div>
      </Card>

      <Card aria-labelledby="troubleshooting">
        <CardHeader
          id="troubleshooting"
          title="Troubleshooting"
          description="Every answer the license API can give, what it means, and what to do."
        />
        <TableScroll label="Validation and activation codes">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Validation and activation codes</caption>
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
              <tr>
                <th scope="col" className="px-5 py-3">
                  Code
                </th>
                <th scope="col" className="px-5 py-3">
                  Meaning
                </th>
                <th scope="col" className="px-5 py-3">
                  What to do
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {[
                ...Object.entries(VALIDATION_CODE_GUIDE).map(
                  ([code, guide]) => [code, guide.meaning, guide.clientAction] as const,
                ),
                ...ACTIVATION_CODES,
              ].map(([code, meaning, action]) => (
                <tr key={code} id={`code-${code}`}>
                  <th scope="row" className="px-5 py-3 text-left align-top">
                    <code className="text-xs">{code}</code>
                  </th>
                  <td className="px-5 py-3 align-top text-slate-700">{meaning}</td>
                  <td className="px-5 py-3 align-top text-slate-700">{action}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </Card>

      <Card aria-labelledby="integration">
        <CardHeader
          id="integration"
          title="Integration snippets"
          description={
            <>
              Each snippet is tested on every build. The full API is in the{" "}
              <Link className="underline" href="/docs/api">
                API reference
              </Link>
              .
            </>
          }
        />
        <div className="divide-y divide-slate-100">
          {snippets.map((snippet) => (
            <section key={snippet.id} aria-labelledby={`snippet-${snippet.id}`} className="space-y-2 px-5 py-4">
              <h3 id={`snippet-${snippet.id}`} className="text-sm font-semibold text-slate-900">
                {snippet.title}
              </h3>
              {/* Focusable so keyboard users can scroll a long line sideways (WCAG 2.1.1). */}
              <pre
                tabIndex={0}
                aria-labelledby={`snippet-${snippet.id}`}
                className="overflow-x-auto rounded-md bg-slate-900 p-4 text-xs text-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600"
              >
                <code data-language={snippet.language}>{snippet.source}</code>
              </pre>
              <p className="text-xs text-slate-500">
                Run: <code>{snippet.run}</code>
              </p>
            </section>
          ))}
        </div>
      </Card>
    </main>
  );
}
