import { and, eq, isNotNull } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { orgDomains, orgSsoConnections, organizations } from "@/lib/db/schema";

export interface SsoOrganization {
  orgId: string;
  name: string;
  isSsoRequired: boolean;
}

export const emailDomainOf = (email: string) => email.slice(email.lastIndexOf("@") + 1).toLowerCase();

/**
 * The organization whose provider signs in this address: the one that verified the address's
 * domain and connected a provider. A domain is verified by at most one organization
 * (org_domains_verified_domain_unique), so the answer is unique.
 */
export async function findSsoOrganization(db: Db, email: string): Promise<SsoOrganization | null> {
  const [found] = await db
    .select({ orgId: organizations.id, name: organizations.name, isSsoRequired: orgSsoConnections.isSsoRequired })
    .from(orgDomains)
    .innerJoin(orgSsoConnections, eq(orgSsoConnections.orgId, orgDomains.orgId))
    .innerJoin(organizations, eq(organizations.id, orgDomains.orgId))
    .where(and(eq(orgDomains.domain, emailDomainOf(email)), isNotNull(orgDomains.verifiedAt)));
  return found ?? null;
}
