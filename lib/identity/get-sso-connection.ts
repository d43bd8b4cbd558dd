import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { orgSsoConnections } from "@/lib/db/schema";

/** What owners and staff see of a connection: never the secret. */
export interface SsoConnectionSummary {
  protocol: "oidc" | "saml";
  /** OIDC: the issuer; SAML: the identity provider's entity ID. */
  issuer: string;
  /** OIDC only. */
  clientId: string | null;
  /** SAML only: where sign-in requests go. */
  samlSsoUrl: string | null;
  defaultRole: "owner" | "member";
  isSsoRequired: boolean;
  updatedAt: Date;
}

/** The caller scopes `orgId`: an owner's own organization, or staff looking at a customer. */
export async function getSsoConnection(db: Db, orgId: string): Promise<SsoConnectionSummary | null> {
  const [connection] = await db
    .select({
      protocol: orgSsoConnections.protocol,
      issuer: orgSsoConnections.issuer,
      clientId: orgSsoConnections.clientId,
      samlSsoUrl: orgSsoConnections.samlSsoUrl,
      defaultRole: orgSsoConnections.defaultRole,
      isSsoRequired: orgSsoConnections.isSsoRequired,
      updatedAt: orgSsoConnections.updatedAt,
    })
    .from(orgSsoConnections)
    .where(eq(orgSsoConnections.orgId, orgId));
  return connection ?? null;
}
