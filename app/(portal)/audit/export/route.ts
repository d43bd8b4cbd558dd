import { auditEventsToCsv, collectAuditPages, listOrgAuditEvents } from "@/lib/audit";
import { requireOrgContext } from "@/lib/auth/session";
import { csvAttachment } from "@/lib/http/csv-response";
import { AUDIT_CATEGORIES, auditQuerySchema } from "@/lib/validations/audit";

export const dynamic = "force-dynamic";

/** The organisation's audit trail as CSV, newest first, fetched page by page. */
export async function GET(request: Request) {
  const ctx = await requireOrgContext();
  const query = auditQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const prefix = AUDIT_CATEGORIES[query.category].prefix;
  const events = await collectAuditPages((before) =>
    listOrgAuditEvents(ctx, { actionPrefix: prefix, before, limit: 1000 }),
  );
  return csvAttachment(auditEventsToCsv(events), `rekey-audit-${ctx.now().toISOString().slice(0, 10)}.csv`);
}
