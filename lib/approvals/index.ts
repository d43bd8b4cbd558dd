export { approvalHandlers } from "./approval-actions";
export {
  approvalMachine,
  approvalTransitions,
  isPending,
  type Approval,
  type ApprovalStatus,
} from "./approval-transitions";
export { approveRequest, rejectRequest } from "./decide-approval";
export { expireApprovals } from "./expire-approvals";
export { APPROVALS_PAGE_SIZE, listApprovals, type ApprovalView } from "./list-approvals";
export { requestApproval, type ApprovalAction } from "./request-approval";
export {
  DEFAULT_FOUR_EYES_POLICY,
  describeFourEyesPolicyChanges,
  findFourEyesPolicy,
  type FourEyesPolicy,
} from "./four-eyes-policy";
export { saveFourEyesPolicy } from "./save-four-eyes-policy";
export {
  revokeLicenseAsStaff,
  type ApprovalDeps,
  type StaffActionOutcome,
} from "./revoke-license-as-staff";
export { extendLicenseAsStaff } from "./extend-license-as-staff";
export { endLicenseTermAsStaff } from "./end-license-term-as-staff";
export { suspendOrganizationLicensesAsStaff } from "./suspend-licenses-as-staff";
export { signingKeyActionAsStaff, type SigningKeyRequest } from "./signing-key-action-as-staff";
export { collectApprovedApiToken, createApiTokenAsStaff, listCollectableApiTokens } from "./create-api-token-as-staff";
export { rollApiTokenAsStaff } from "./roll-api-token-as-staff";
