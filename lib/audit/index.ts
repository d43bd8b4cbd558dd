export { appendAuditEvent, appendAuditEvents, appendAuditEventsLast, type AuditEventInput } from "./append-audit-event";
export { verifyAuditChain, type AuditChainReport } from "./verify-audit-chain";
export { checkAuditChain } from "./check-audit-chain";
export { collectAuditPages, listOrgAuditEvents, listStaffAuditEvents, type StaffAuditFilters } from "./list-audit-events";
export { auditEventsToCsv } from "./audit-csv";
export { customerViewOfEvent, reasonForCustomer } from "./customer-view";
