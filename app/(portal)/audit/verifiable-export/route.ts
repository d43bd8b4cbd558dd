import { exportOrgAuditTrail } from "@/lib/audit";
import { requireOrgContext } from "@/lib/auth/session";
import { getSigningService, logger, publicUrl, tokenIssuer } from "@/lib/config/server";
import { handleJsonRoute } from "@/lib/http/json-route";

export const dynamic = "force-dynamic";

/**
 * The organisation's audit trail with hashes and signed checkpoints, for offline verification
 * (scripts/verify-audit-export.mjs). Every member may take it, as every member may read the log.
 */
export const GET = handleJsonRoute(async () => {
  const ctx = await requireOrgContext();
  const auditExport = await exportOrgAuditTrail(ctx, { signer: await getSigningService(), issuer: tokenIssuer, jwksUrl: publicUrl("/.well-known/jwks.json") });
  return new Response(JSON.stringify(auditExport, null, 2), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="rekey-audit-export-${auditExport.exportedAt.slice(0, 10)}.json"`,
      "cache-control": "no-store",
    },
  });
}, (error) => logger.error({ err: error }, "verifiable audit export failed"));
