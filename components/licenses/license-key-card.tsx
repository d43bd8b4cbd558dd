import { BlockedActionLink } from "@/components/auth/blocked-action-link";
import { LicenseKeyPanel } from "@/components/licenses/license-key-panel";
import { Alert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import type { FormAction } from "@/lib/auth/action";
import { maskLicenseKey } from "@/lib/licensing";
import type { LicenseKeyState } from "@/lib/licensing/license-key-transitions";

/**
 * A license's keys and license file, for whoever the key-material gate may admit: a member on the
 * license page, a seat holder in the holder view (issue 18). `keyBlock` is the gate's refusal for
 * this session, shown up front with the way forward; the server asks the gate again on every
 * reveal and download. `licenseFileHref` is null where the license machine offers no file.
 */
export function LicenseKeyCard({
  licenseId,
  keys,
  keyBlock,
  revealAction,
  callbackUrl,
  enrolHref,
  licenseFileHref,
}: {
  licenseId: string;
  keys: readonly { id: string; state: LicenseKeyState; prefix: string }[];
  keyBlock: { userMessage: string; code: string } | null;
  revealAction: FormAction<{ key: string }>;
  callbackUrl: string;
  /** Where this person sets up a second factor the gate asks for (the holder view has its own page). */
  enrolHref: string;
  licenseFileHref: string | null;
}) {
  return (
    <Card aria-labelledby="key">
      <CardHeader id="key" title="License key" description="The key your software uses to validate this license." />
      {keyBlock ? (
        <div className="px-5 pt-4">
          <Alert tone="warning">
            {keyBlock.userMessage}{" "}
            <BlockedActionLink code={keyBlock.code} callbackUrl={callbackUrl} enrolHref={enrolHref} />
          </Alert>
        </div>
      ) : null}
      {keys.length === 0 ? (
        <EmptyState title="No key issued yet">
          A key is issued for this license before its first use; it will appear here with its state.
        </EmptyState>
      ) : (
        <div className="divide-y divide-slate-100">
          {keys.map((key) => (
            <LicenseKeyPanel
              key={key.id}
              licenseId={licenseId}
              keyRow={{ id: key.id, state: key.state, masked: maskLicenseKey(key.prefix) }}
              action={revealAction}
              callbackUrl={callbackUrl}
              enrolHref={enrolHref}
            />
          ))}
        </div>
      )}
      <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-5 py-4 text-sm">
        <p className="text-slate-600">
          A license file lets software check this license offline against our{" "}
          <a className="font-medium text-brand-700 underline" href="/.well-known/jwks.json">
            published keys
          </a>
          .
        </p>
        {keyBlock ? (
          <span className="text-slate-500">Downloading needs the step above first.</span>
        ) : licenseFileHref ? (
          <a className={buttonClass("secondary")} href={licenseFileHref} download>
            Download license file
          </a>
        ) : (
          <span className="text-slate-500">License files are available for active licenses.</span>
        )}
      </div>
    </Card>
  );
}
