export {
  AUDIT_EVENT_SENTENCES,
  type AuditAction,
  describeAuditEvent,
  type SentencePart,
  sentenceText,
} from "./event-sentences";
export { appendAuditEvent, appendAuditEvents, appendAuditEventsLast, type AuditEventInput } from "./append-audit-event";
export { configureAuditKeys, deriveAuditKeys, type AuditKeys } from "./audit-keys";
export { verifyAuditChain, type AuditChainReport } from "./verify-audit-chain";
export { checkAuditChain } from "./check-audit-chain";
export { AuditChainBroken, writeAuditCheckpoints, type WriteAuditCheckpointsDeps } from "./write-audit-checkpoints";
export {
  collectAuditPages,
  listOrgAuditEvents,
  listStaffAuditEvents,
  type StaffAuditFilters,
} from "./list-audit-events";
export { auditEventsToCsv } from "./audit-csv";
export { customerViewOfEvent, reasonForCustomer } from "./customer-view";
export { AUDIT_EXPORT_FORMAT, exportOrgAuditTrail, type OrgAuditExport } from "./export-org-audit-trail";
