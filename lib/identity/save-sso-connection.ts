import { appendAuditEvent } from "@/lib/audit";
import type { OrgCtx } from "@/lib/context";
import { orgSsoConnections } from "@/lib/db/schema";

type ConnectionSettings = Omit<
  typeof orgSsoConnections.$inferInsert,
  "orgId" | "createdAt" | "updatedAt" | "isSsoRequired"
>;

/**
 * Stores the organization's one provider, OIDC or SAML, replacing whichever it had (so the other
 * protocol's columns are cleared) and keeping whether SSO is required; audited `org.sso_connected`.
 */
export async function saveSsoConnection(ctx: OrgCtx, settings: ConnectionSettings, auditData: Record<string, unknown>) {
  const now = ctx.now();
  const cleared = {
    clientId: null,
    clientSecretCiphertext: null,
    masterKeyVersion: null,
    samlSsoUrl: null,
    samlIdpCertificates: null,
  };
  const row = { ...cleared, ...settings, updatedAt: now };
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(orgSsoConnections)
      .values({ orgId: ctx.orgId, ...row, createdAt: now })
      .onConflictDoUpdate({ target: orgSsoConnections.orgId, set: row });
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      orgId: ctx.orgId,
      action: "org.sso_connected",
      subjectType: "organization",
      subjectId: ctx.orgId,
      data: { protocol: settings.protocol, ...auditData },
    });
  });
}
