import type { VendorCtx } from "@/lib/context";
import { changeLicenseStatus, type ReasonedLicenseInput } from "./change-license-status";
import type { NoticeDeps } from "./license-notices";

/** Support suspends an active license: clients get SUSPENDED until it is resumed. Reversible. */
export function suspendLicense(ctx: VendorCtx, input: ReasonedLicenseInput, deps: NoticeDeps) {
  return changeLicenseStatus(ctx, input, { action: "suspend", to: "suspended", notice: "suspended" }, deps);
}
