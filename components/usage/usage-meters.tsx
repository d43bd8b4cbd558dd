import { SimpleTable } from "@/components/ui/simple-table";
import { Time } from "@/components/ui/time";
import type { LicenseUsage } from "@/lib/usage";

const OVERAGE_RULES: Record<LicenseUsage["overageStrategy"], string> = {
  none: "Use beyond the quota is refused until it renews.",
  up_to_125_percent: "Use may run up to 125 % of the quota; beyond that it is refused until it renews.",
  always_allow: "Use beyond the quota keeps working and is reported to your vendor as overage.",
};

/** Usage quotas (issue 18): one bar per meter, what is left this period and when it renews. */
export function UsageMeters({ usage, now }: { usage: LicenseUsage; now: Date }) {
  return (
    <div className="space-y-4 px-5 py-4">
      <ul className="space-y-4">
        {usage.meters.map((meter) => {
          const ratio = Math.min(1, meter.used / meter.limit);
          return (
            <li key={meter.meter}>
              <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
                <span className="font-mono font-medium">{meter.meter}</span>
                <span className="tabular-nums text-slate-700">
                  {meter.used} of {meter.limit} this {meter.period}
                  {meter.overage > 0 ? ` (${meter.overage} over)` : ` · ${meter.remaining} left`}
                </span>
              </div>
              <div
                className="mt-1 h-2 overflow-hidden rounded-full bg-slate-200"
                role="meter"
                aria-valuemin={0}
                aria-valuemax={meter.limit}
                aria-valuenow={Math.min(meter.used, meter.limit)}
                aria-label={`${meter.meter}: ${meter.used} of ${meter.limit} used this ${meter.period}`}
              >
                <div
                  className={ratio >= 1 ? "h-full bg-amber-500" : "h-full bg-brand-600"}
                  style={{ width: `${ratio * 100}%` }}
                />
              </div>
              <p className="mt-1 text-xs text-slate-500">
                Renews <Time date={meter.periodEndsAt} now={now} mode="relative" />.
              </p>
            </li>
          );
        })}
      </ul>
      <p className="text-sm text-slate-600">{OVERAGE_RULES[usage.overageStrategy]}</p>
    </div>
  );
}

/** The latest usage records, newest first, as client software sent them. */
export function UsageHistoryTable({ history, now }: { history: LicenseUsage["history"]; now: Date }) {
  return (
    <SimpleTable caption="Usage records of this license" headings={["Meter", "Amount", "Recorded"]}>
      {history.map((record) => (
        <tr key={record.id}>
          <td className="px-5 py-3 font-mono text-xs">{record.meter}</td>
          <td className="px-5 py-3 tabular-nums">{record.quantity}</td>
          <td className="px-5 py-3">
            <Time date={record.recordedAt} now={now} mode="relative" />
          </td>
        </tr>
      ))}
    </SimpleTable>
  );
}
