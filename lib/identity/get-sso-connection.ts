import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { orgSsoConnections } from "@/lib/db/schema";

/** What owners and staff see of a connection: never the secret. */
export interface SsoConnectionSummary {
  issuer: string;
  clientId: string;
  defaultRole: "owner" | "member";
  isSsoRequired: boolean;
  updatedAt: Date;
}

/** The caller scopes `orgId`: an owner's own organization, or staff looking at a customer. */
export async function getSsoConnection(db: Db, orgId: string): Promise<SsoConnectionSummary | null> {
  const [connection] = await db
    .select({
      issuer: orgSsoConnections.issuer,
      clientId: orgSsoConnections.clientId,
      defaultRole: orgSsoConnections.defaultRole,
      isSsoRequired: orgSsoConnections.isSsoRequired,
      updatedAt: orgSsoConnections.updatedAt,
    })
    .from(orgSsoConnections)
    .where(eq(orgSsoConnections.orgId, orgId));
  return connection ?? null;
}
