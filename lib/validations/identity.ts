import { z } from "zod";

const DOMAIN_MESSAGE = "Enter a domain like example.com (no https://, no @).";

/**
 * An email domain an organization claims (RFC 1035 §2.3.1 labels, RFC 5890 A-labels for IDNs):
 * lower-cased and without a trailing dot, so one domain has one spelling.
 */
export const emailDomainSchema = z
  .string({ error: DOMAIN_MESSAGE })
  .trim()
  .toLowerCase()
  .transform((domain) => domain.replace(/\.$/, ""))
  .pipe(
    z
      .string()
      .max(253, "A domain is at most 253 characters.")
      .regex(/^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/, DOMAIN_MESSAGE),
  );

export const addOrgDomainSchema = z.object({ domain: emailDomainSchema });
export const verifyOrgDomainSchema = z.object({ domainId: z.uuid({ error: "Choose a domain." }) });
