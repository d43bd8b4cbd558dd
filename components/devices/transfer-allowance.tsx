import { Time } from "@/components/ui/time";
import type { TransferAllowance } from "@/lib/devices";

/**
 * Where a license stands against its edition's device transfer limit (issue 18), in one line for
 * the customer's devices page and support's license page alike.
 */
export function TransferAllowanceLine({ allowance, now }: { allowance: TransferAllowance; now: Date }) {
  return (
    <p className="text-sm text-slate-700">
      <span className="font-medium text-slate-900">
        {allowance.left} of {allowance.limit} device transfer{allowance.limit === 1 ? "" : "s"} left
      </span>{" "}
      in any {allowance.periodDays} days ({allowance.used} used). A seat&apos;s first device is free; moving a seat to
      another device counts.
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
