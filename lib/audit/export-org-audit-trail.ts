import { and, asc, eq, lte } from "drizzle-orm";
import type { Ctx } from "@/lib/context";
import { auditCheckpoints, auditEvents } from "@/lib/db/schema";
import { appendAuditEvent, auditHashFields } from "./append-audit-event";
import { auditEventDigest } from "./audit-checkpoint";
import { canonicalJson } from "./canonical-json";
import { writeAuditCheckpoints, type WriteAuditCheckpointsDeps } from "./write-audit-checkpoints";

export const AUDIT_EXPORT_FORMAT = "rekey.audit-export/1";

export interface OrgAuditExport {
  format: typeof AUDIT_EXPORT_FORMAT;
  organization: string;
  exportedAt: string;
  /** Where the public keys that verify `checkpoints` are published (RFC 7517). */
  jwksUrl: string;
  /** The organisation's events in chain order; `hash` is sha256 of the canonical JSON of `event`. */
  events: { id: number; hash: string; event: ReturnType<typeof auditHashFields> }[];
  /** Compact JWS checkpoints of this organisation's chain, oldest first; the last covers every event above. */
  checkpoints: string[];
}

/**
 * The organisation's whole audit trail in a form its customer can check offline with
 * scripts/verify-audit-export.mjs and the JWKS: every event with its hash, and the signed
 * checkpoints of the organisation's own chain, the last one made now so that it covers every
 * event, the record of this export included (by a member, or by staff for the organisation).
 * Other organisations' events never appear.
 */
export async function exportOrgAuditTrail(
  ctx: Ctx & { orgId: string },
  deps: WriteAuditCheckpointsDeps & { jwksUrl: string },
): Promise<OrgAuditExport> {
  const exportedAt = ctx.now();
  await ctx.db.transaction((tx) =>
    appendAuditEvent(tx, {
      actor: ctx.actor,
      at: exportedAt,
      orgId: ctx.orgId,
      action: "audit.exported",
      subjectType: "organization",
      subjectId: ctx.orgId,
    }),
  );
  await writeAuditCheckpoints(ctx, deps);
  const checkpoints = await ctx.db
    .select({ token: auditCheckpoints.token, throughEventId: auditCheckpoints.throughEventId })
    .from(auditCheckpoints)
    .where(eq(auditCheckpoints.orgId, ctx.orgId))
    .orderBy(asc(auditCheckpoints.throughEventId), asc(auditCheckpoints.id));
  const [latest] = checkpoints.slice(-1);
  const rows = await ctx.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.orgId, ctx.orgId), lte(auditEvents.id, latest?.throughEventId ?? 0)))
    .orderBy(asc(auditEvents.id));
  return {
    format: AUDIT_EXPORT_FORMAT,
    organization: ctx.orgId,
    exportedAt: exportedAt.toISOString(),
    jwksUrl: deps.jwksUrl,
    events: rows.map((row) => {
      const event = auditHashFields(row);
      return { id: row.id, hash: auditEventDigest(canonicalJson(event)), event };
    }),
    checkpoints: checkpoints.map((checkpoint) => checkpoint.token),
  };
}
