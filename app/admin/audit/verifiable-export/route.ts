import { exportOrgAuditTrail } from "@/lib/audit";
import { requireStaffContext } from "@/lib/auth/session";
import { appServices } from "@/lib/config/server";
import { InvalidInput } from "@/lib/errors";
import { jsonAttachment } from "@/lib/http/json-attachment";
import { handleJsonRoute } from "@/lib/http/json-route";
import { findOrganization } from "@/lib/orgs";
import { orgAuditExportQuerySchema } from "@/lib/validations/audit";
import { fieldErrorsFrom } from "@/lib/validations/field-errors";

export const dynamic = "force-dynamic";

/** One organisation's verifiable audit export, the same file its members download, for staff. */
export const GET = handleJsonRoute(
  async (request) => {
    const ctx = await requireStaffContext();
    const parsed = orgAuditExportQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!parsed.success)
      throw new InvalidInput("Choose an organization to export.", fieldErrorsFrom(parsed.error, "query"));
    const org = await findOrganization(ctx, parsed.data.org);
    const auditExport = await exportOrgAuditTrail({ ...ctx, orgId: org.id }, await appServices().auditExportDeps());
    return jsonAttachment(auditExport, `rekey-audit-export-${org.slug}-${auditExport.exportedAt.slice(0, 10)}.json`);
  },
  (error) => appServices().logger.error({ err: error }, "staff verifiable audit export failed"),
);
