import type { Db } from "@/lib/db";
import { PolicyViolation } from "@/lib/errors";
import { findSsoOrganization } from "./find-sso-organization";

/**
 * An organization that requires SSO decides who of its domains gets in: a magic link would let a
 * person the provider removed keep signing in by mailbox. The refusal names the organization so
 * the person knows which sign-in to use; it reveals a domain's rule, never whether an address exists.
 */
export async function assertMagicLinkAllowed(db: Db, email: string): Promise<void> {
  const organization = await findSsoOrganization(db, email);
  if (organization?.isSsoRequired)
    throw new PolicyViolation(
      `${organization.name} requires you to sign in through its identity provider: choose “Sign in with single sign-on”.`,
    );
}
