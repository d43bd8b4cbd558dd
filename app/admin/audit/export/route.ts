import { auditEventsToCsv, collectAuditPages, listStaffAuditEvents } from "@/lib/audit";
import { requireStaffContext } from "@/lib/auth/session";
import { appServices } from "@/lib/config/server";
import { InvalidInput } from "@/lib/errors";
import { csvAttachment } from "@/lib/http/csv-response";
import { handleJsonRoute } from "@/lib/http/json-route";
import { fieldErrorsFrom } from "@/lib/validations/field-errors";
import { staffAuditFilters, staffAuditQuerySchema } from "@/lib/validations/audit";

export const dynamic = "force-dynamic";

/** The filtered audit trail across every organisation as CSV, newest first. */
export const GET = handleJsonRoute(
  async (request) => {
    const ctx = await requireStaffContext();
    const parsed = staffAuditQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!parsed.success) {
      throw new InvalidInput("Check the audit filters.", fieldErrorsFrom(parsed.error, "query"));
    }
    const filters = staffAuditFilters(parsed.data);
    const events = await collectAuditPages((before) => listStaffAuditEvents(ctx, { ...filters, before, limit: 1000 }));
    return csvAttachment(auditEventsToCsv(events), `rekey-staff-audit-${ctx.now().toISOString().slice(0, 10)}.csv`);
  },
  (error) => appServices().logger.error({ err: error }, "staff audit export failed"),
);
