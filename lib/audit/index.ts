export { appendAuditEvent, type AuditEventInput } from "./append-audit-event";
export { verifyAuditChain, type AuditChainReport } from "./verify-audit-chain";
export { listOrgAuditEvents } from "./list-audit-events";
export { auditEventsToCsv } from "./audit-csv";
