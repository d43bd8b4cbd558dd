import { ExactTime } from "@/components/ui/time";
import { formatDuration } from "@/components/ui/durations";

/**
 * The dry-run sentences of a "rotate now", shared by the license page's dialog and the email link's
 * page. `definedIn` is the license's window zone, named beside the viewer's own (issue 16, item 2).
 */
export function OldKeyEnd({
  overlapMinutes,
  until,
  definedIn,
}: {
  overlapMinutes: number;
  until: Date;
  definedIn?: string;
}) {
  return overlapMinutes === 0 ? (
    "stops working immediately"
  ) : (
    <>
      keeps working for {formatDuration(overlapMinutes)}, until <ExactTime date={until} definedIn={definedIn} />
    </>
  );
}

export function describeActiveDevices(count: number): string {
  return count === 0
    ? "No active devices use this license right now."
    : `${count} active device${count === 1 ? "" : "s"} use this license; enter the new key on ${count === 1 ? "it" : "each"} before then.`;
}
