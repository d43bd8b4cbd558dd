import { TableScroll } from "@/components/ui/simple-table";
import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { SimpleTable } from "@/components/ui/simple-table";
import { appServices } from "@/lib/config/server";
import { buildOpenApiDocument, documentedOperations } from "@/lib/http/openapi";
import { VALIDATION_CODE_GUIDE } from "@/lib/licensing";

export const metadata: Metadata = { title: "Client API" };
export const dynamic = "force-dynamic";

export default function ApiDocsPage() {
  const base = appServices().publicUrl("/").replace(/\/$/, "");
  const curl = `curl -s ${base}/api/v1/licenses/validate \\
  -H 'content-type: application/json' \\
  -d '{"key":"RK-XXXX-XXXX-XXXX-XXXX-X","product":"studio","nonce":"a-random-string"}'`;
  const sdk = `import { validateOnline, verifyLicenseFile, createJwksCache } from "@rekey/sdk";

const jwks = createJwksCache({ url: "${base}/.well-known/jwks.json" });
const online = await validateOnline({ baseUrl: "${base}", key, product: "studio", jwks });
if (online.ok && online.valid) startApp(online.license.entitlements);

// Offline: a license file downloaded from the portal, checked against cached keys.
const offline = await verifyLicenseFile(fileContents, jwks, { product: "studio", storage });
if (!offline.valid) showMessage(offline.detail);`;
  return (
    <main id="main" className="mx-auto max-w-5xl px-4 py-8">
      <PageHeader
        eyebrow={
          <Link href="/" className="hover:underline">
            ← Rekey
          </Link>
        }
        title="Client API"
        description="How your software checks a license: online with one call, or offline with a signed license file."
      />
      <div className="space-y-6">
        <Card aria-labelledby="endpoints">
          <CardHeader id="endpoints" title="Endpoints" />
          <ul className="space-y-2 px-5 py-4 text-sm">
            <li>
              <code className="font-semibold">POST /api/v1/licenses/validate</code> — body{" "}
              <code>{"{ key, fingerprint?, product?, nonce? }"}</code>. Always answers 200 with a<code> code</code> for
              a well-formed request; errors are RFC 9457 <code>application/problem+json</code>.
            </li>
            <li>
              <code className="font-semibold">POST /api/v1/devices/activate</code>,{" "}
              <code className="font-semibold">…/heartbeat</code>, <code className="font-semibold">…/deactivate</code> —
              body <code>{"{ key, fingerprint, product?, nonce?, name?, platform? }"}</code>. Activation takes a seat
              and returns a signed, short-lived lease; heartbeats renew it; deactivation returns a signed receipt.
              Refusals (<code>TOO_MANY_DEVICES</code>, <code>NOT_ACTIVATED</code>, …) are problem+json with a signed{" "}
              <code>token</code>. Only a keyed hash of the fingerprint is stored.
            </li>
            <li>
              <code className="font-semibold">GET /.well-known/jwks.json</code> — the public keys that sign answers and
              license files (pending keys appear before they are used).
            </li>
            <li>
              <a className="font-medium text-brand-700 underline" href="/api/v1/openapi.json">
                OpenAPI 3.1 document
              </a>{" "}
              generated from the request validators.
            </li>
          </ul>
          {/* Focusable so keyboard users can scroll a long line sideways (WCAG 2.1.1), as on /help. */}
          <pre
            tabIndex={0}
            aria-label="curl example"
            className="mx-5 mb-5 overflow-x-auto rounded-md bg-slate-900 p-4 text-xs text-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600"
          >
            {curl}
          </pre>
        </Card>
        <Card aria-labelledby="operations">
          <CardHeader
            id="operations"
            title="Every operation"
            description="From the OpenAPI document: the client API, and the management API (/api/v1/manage) for your own systems with an API token."
          />
          <SimpleTable caption="Every operation of the API" headings={["Operation", "What it does"]}>
            {documentedOperations(buildOpenApiDocument({ serverUrl: base })).map((operation) => (
              <tr key={operation.operationId}>
                <td className="whitespace-nowrap px-5 py-3">
                  <code className="font-semibold">{operation.method}</code> <code>{operation.path}</code>
                </td>
                <td className="px-5 py-3 text-slate-700">{operation.summary}</td>
              </tr>
            ))}
          </SimpleTable>
        </Card>
        <Card aria-labelledby="codes">
          <CardHeader
            id="codes"
            title="Validation codes"
            description="Every answer carries one of these, plus a sentence for the user in `detail`."
          />
          <TableScroll label="Validation codes">
            <table className="min-w-full divide-y divide-slate-200 text-sm">
              <caption className="sr-only">Validation codes</caption>
              <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
                <tr>
                  <th scope="col" className="px-5 py-3">
                    Code
                  </th>
                  <th scope="col" className="px-5 py-3">
                    Meaning
                  </th>
                  <th scope="col" className="px-5 py-3">
                    What your software should do
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {Object.entries(VALIDATION_CODE_GUIDE).map(([code, guide]) => (
                  <tr key={code}>
                    <td className="px-5 py-3">
                      <Badge tone={guide.valid ? "green" : "slate"}>{code}</Badge>
                    </td>
                    <td className="px-5 py-3 text-slate-700">{guide.meaning}</td>
                    <td className="px-5 py-3 text-slate-700">{guide.clientAction}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </Card>
        <Card aria-labelledby="sdk">
          <CardHeader
            id="sdk"
            title="Node SDK"
            description="@rekey/sdk verifies answers and license files against the published JWKS (WebCrypto through jose; node:crypto in Node); no server code involved."
          />
          <pre
            tabIndex={0}
            aria-label="Node SDK example"
            className="m-5 overflow-x-auto rounded-md bg-slate-900 p-4 text-xs text-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600"
          >
            {sdk}
          </pre>
        </Card>
      </div>
    </main>
  );
}
