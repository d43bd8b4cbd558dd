import { Time } from "@/components/ui/time";

/** When a license expires, exact and relative ("in 3 days", STYLE.md: Time), or "Never". */
export function LicenseExpiry({ expiresAt, now }: { expiresAt: Date | null; now: Date }) {
  return expiresAt ? (
    <>
      <Time date={expiresAt} now={now} />{" "}
      <span className="text-slate-500">
        (<Time date={expiresAt} now={now} mode="relative" />)
      </span>
    </>
  ) : (
    "Never"
  );
}
