import type { StaffCtx } from "@/lib/context";
import { changeLicenseStatus, type ReasonedLicenseInput } from "./change-license-status";
import type { NoticeDeps } from "./license-notices";

/** Support resumes a suspended license; its keys validate again at once. */
export function resumeLicense(ctx: StaffCtx, input: ReasonedLicenseInput, deps: NoticeDeps) {
  return changeLicenseStatus(
    ctx,
    input,
    {
      from: ["suspended"],
      to: "active",
      notice: "resumed",
      refusal: (status) => (status === "revoking" ? "This license is being revoked: undo the revocation instead." : `Only a suspended license can be resumed; this one is ${status}.`),
    },
    deps,
  );
}
