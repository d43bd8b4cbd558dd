import { auditEventsToCsv, listOrgAuditEvents } from "@/lib/audit";
import { requireOrgContext } from "@/lib/auth/session";
import { AUDIT_CATEGORIES, auditQuerySchema } from "@/lib/validations/audit";

export const dynamic = "force-dynamic";

/** The organisation's audit trail as CSV, newest first, fetched page by page. */
export async function GET(request: Request) {
  const ctx = await requireOrgContext();
  const query = auditQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const prefix = AUDIT_CATEGORIES[query.category].prefix;
  const events = [];
  for (let before: number | undefined; ; ) {
    const page = await listOrgAuditEvents(ctx, { actionPrefix: prefix, before, limit: 1000 });
    events.push(...page.events);
    if (!page.nextBefore) break;
    before = page.nextBefore;
  }
  return new Response(auditEventsToCsv(events), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="rekey-audit-${ctx.now().toISOString().slice(0, 10)}.csv"`,
      "cache-control": "no-store",
    },
  });
}
