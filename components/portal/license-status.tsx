import { Badge, type Tone } from "@/components/ui/badge";

const STATUS: Record<string, { label: string; tone: Tone }> = {
  active: { label: "Active", tone: "green" },
  suspended: { label: "Suspended", tone: "amber" },
  revoking: { label: "Revocation pending", tone: "red" },
  expired: { label: "Expired", tone: "slate" },
  revoked: { label: "Revoked", tone: "red" },
};

export function LicenseStatusBadge({ status, isExpiringSoon }: { status: string; isExpiringSoon?: boolean }) {
  const { label, tone } = STATUS[status] ?? { label: status, tone: "slate" as Tone };
  return (
    <span className="inline-flex flex-wrap gap-1">
      <Badge tone={tone}>{label}</Badge>
      {isExpiringSoon ? <Badge tone="amber">Expiring soon</Badge> : null}
    </span>
  );
}

export function SeatMeter({ used, total }: { used: number; total: number }) {
  const ratio = Math.min(1, used / total);
  return (
    <div className="flex items-center gap-2">
      <div
        className="h-1.5 w-16 overflow-hidden rounded-full bg-slate-200"
        role="meter"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={used}
        aria-label={`${used} of ${total} seats used`}
      >
        <div
          className={ratio >= 1 ? "h-full bg-amber-500" : "h-full bg-brand-600"}
          style={{ width: `${ratio * 100}%` }}
        />
      </div>
      <span className="text-sm tabular-nums text-slate-700">
        {used} / {total}
      </span>
    </div>
  );
}
