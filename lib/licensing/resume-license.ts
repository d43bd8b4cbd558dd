import type { StaffCtx } from "@/lib/context";
import { changeLicenseStatus, type ReasonedLicenseInput } from "./change-license-status";
import type { NoticeDeps } from "./license-notices";

/** Support resumes a suspended license; its keys validate again at once. */
export function resumeLicense(ctx: StaffCtx, input: ReasonedLicenseInput, deps: NoticeDeps) {
  return changeLicenseStatus(ctx, input, { action: "resume", to: "active", notice: "resumed" }, deps);
}
