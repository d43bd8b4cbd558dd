import { exportOrgAuditTrail } from "@/lib/audit";
import { requireOrgContext } from "@/lib/auth/session";
import { appServices } from "@/lib/config/server";
import { jsonAttachment } from "@/lib/http/json-attachment";
import { handleJsonRoute } from "@/lib/http/json-route";

export const dynamic = "force-dynamic";

/**
 * The organisation's audit trail with hashes and signed checkpoints, for offline verification
 * (docs/snippets/verify-audit-export.mjs). Every member may take it, as every member may read the log.
 */
export const GET = handleJsonRoute(
  async () => {
    const ctx = await requireOrgContext();
    const auditExport = await exportOrgAuditTrail(ctx, await appServices().auditExportDeps());
    return jsonAttachment(auditExport, `rekey-audit-export-${auditExport.exportedAt.slice(0, 10)}.json`);
  },
  (error) => appServices().logger.error({ err: error }, "verifiable audit export failed"),
);
