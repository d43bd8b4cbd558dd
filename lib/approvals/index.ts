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
