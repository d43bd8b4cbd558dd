import { Time } from "@/components/ui/time";
import type { TransferAllowance } from "@/lib/devices";

/**
 * Where a license stands against its edition's transfer limit (issue 18), in one line for the
 * customer's devices and seats pages and support's license page alike: device transfers, or on a
 * named-user license seat reassignments.
 */
export function TransferAllowanceLine({ allowance, now }: { allowance: TransferAllowance; now: Date }) {
  const move = allowance.movesTo === "person" ? "seat reassignment" : "device transfer";
  return (
    <p className="text-sm text-slate-700">
      <span className="font-medium text-slate-900">
        {allowance.left} of {allowance.limit} {move}
        {allowance.limit === 1 ? "" : "s"} left
      </span>{" "}
      in any {allowance.periodDays} days ({allowance.used} used). A seat&apos;s first {allowance.movesTo} is free;
      giving a seat to another {allowance.movesTo} counts.
      {allowance.left === 0 ? (
        allowance.nextTransferAt ? (
          <>
            {" "}
            The next transfer is possible <Time date={allowance.nextTransferAt} now={now} mode="relative" />.
          </>
        ) : (
          " This edition allows no transfers."
        )
      ) : null}
    </p>
  );
}
