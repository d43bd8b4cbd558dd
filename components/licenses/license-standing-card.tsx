import { Card, CardHeader } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import type { LicenseStanding } from "@/lib/licensing";

const TITLE: Record<LicenseStanding["kind"], string> = {
  suspended: "This license is suspended",
  expired: "This license has expired",
  revoked: "This license is revoked",
};

/**
 * In place of the rotation settings while a license does not work (issue 16 item 5): why, since
 * when, and the one thing to do next. Rotation settings would change nothing until it works again.
 */
export function LicenseStandingCard({
  licenseId,
  standing,
  renewHref,
  accessAfterExpiry,
  now,
}: {
  licenseId: string;
  standing: LicenseStanding;
  renewHref: string | null;
  /** What the edition's expiry strategy keeps working (issue 18), or null: then its keys no longer validate. */
  accessAfterExpiry: string | null;
  now: Date;
}) {
  const quote = (
    <>
      quote license <code className="text-xs">{licenseId}</code>
    </>
  );
  return (
    <Card aria-labelledby="rotation">
      <CardHeader id="rotation" title={TITLE[standing.kind]} />
      <div className="space-y-2 px-5 py-4 text-sm text-slate-700">
        {standing.kind === "suspended" ? (
          <>
            <p>
              Your vendor suspended it
              {standing.since ? (
                <>
                  {" "}
                  on <Time date={standing.since} now={now} />
                </>
              ) : null}
              {standing.message ? <>: “{standing.message}”</> : "."} Its keys do not validate and no rotation runs until
              it is resumed.
            </p>
            <p>
              <strong>What to do next:</strong> contact your vendor's support and {quote}; they can resume it.
            </p>
          </>
        ) : standing.kind === "expired" ? (
          <>
            <p>
              It expired
              {standing.expiredAt ? (
                <>
                  {" "}
                  on <Time date={standing.expiredAt} now={now} />
                </>
              ) : null}
              . {accessAfterExpiry ? `Until it is renewed, ${accessAfterExpiry}` : "Its keys no longer validate"} and no
              rotation runs.
            </p>
            <p>
              <strong>What to do next:</strong>{" "}
              {renewHref ? (
                <a className="font-medium text-brand-700 underline" href={renewHref}>
                  Renew this license
                </a>
              ) : (
                <>To renew, contact your vendor and {quote}</>
              )}
              ; everything works again, with the same key, once it is renewed.
            </p>
          </>
        ) : (
          <p>
            It was revoked
            {standing.revokedAt ? (
              <>
                {" "}
                on <Time date={standing.revokedAt} now={now} />
              </>
            ) : null}
            . This is final: for a new license, contact your vendor and {quote}.
          </p>
        )}
      </div>
    </Card>
  );
}
