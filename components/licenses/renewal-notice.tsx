import { Time } from "@/components/ui/time";
import { cn } from "@/components/ui/cn";

/**
 * The license page's renewal paragraph (renewal reminders link here): when the license expires,
 * how long the vendor's grace keeps the software working after that, what the edition's expiry
 * strategy keeps working past it (issue 18), and where to renew.
 */
export function RenewalNotice({
  licenseId,
  expiresAt,
  graceEndsAt,
  graceDays,
  renewHref,
  accessAfterExpiry,
  now,
}: {
  licenseId: string;
  expiresAt: Date;
  graceEndsAt: Date;
  graceDays: number;
  renewHref: string | null;
  /** e.g. "only PDF export keeps working" (lib/licensing/expiry-strategy.ts); null: everything stops. */
  accessAfterExpiry: string | null;
  now: Date;
}) {
  const afterGrace = accessAfterExpiry ?? "its licensed features stop";
  const isExpired = expiresAt <= now;
  const isInGrace = isExpired && graceEndsAt > now;
  const renew = renewHref ? (
    <a className="font-medium text-brand-700 underline" href={renewHref}>
      Renew or contact us
    </a>
  ) : (
    <>
      To renew, contact your vendor and quote license <code className="text-xs">{licenseId}</code>
    </>
  );
  return (
    <div
      id="renewal"
      role="region"
      aria-label="Renewal"
      className={cn(
        "border-t border-slate-200 px-5 py-4 text-sm",
        isExpired ? "bg-amber-50 text-amber-900" : "text-slate-700",
      )}
    >
      {isInGrace ? (
        <p>
          This license expired on <Time date={expiresAt} now={now} />. Your software keeps working until{" "}
          <Time date={graceEndsAt} now={now} /> (<Time date={graceEndsAt} now={now} mode="relative" />) while you renew;
          then {afterGrace}. {renew}.
        </p>
      ) : isExpired ? (
        <p>
          This license expired on <Time date={expiresAt} now={now} />
          {accessAfterExpiry ? `: ${accessAfterExpiry} until it is renewed` : " and its licensed features have stopped"}
          . {renew} to continue.
        </p>
      ) : (
        <p>
          This license runs until <Time date={expiresAt} now={now} />.{" "}
          {graceDays > 0
            ? `After that, your software keeps working for ${graceDays} more day${graceDays === 1 ? "" : "s"} of grace; then ${afterGrace}.`
            : `After that, ${afterGrace}.`}{" "}
          Renewing keeps the same key. {renew}.
        </p>
      )}
    </div>
  );
}
