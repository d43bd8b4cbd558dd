import { z } from "zod";
import { relativeCallbackSchema } from "./auth";
import { tickboxSchema } from "./mfa";
import { staffReasonSchema } from "./staff";

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

/**
 * An OpenID provider's settings (OpenID Connect Discovery 1.0 §2: the issuer is an https URL with
 * no query or fragment). Plain http passes here and is refused by the outgoing-request guard
 * unless the deployment allows local destinations (a test provider).
 */
export const connectOidcProviderSchema = z.object({
  issuer: z
    .url({ protocol: /^https?$/, error: "Enter the issuer URL, like https://login.example.com." })
    .max(500, "An issuer URL is at most 500 characters.")
    .refine((issuer) => !/[?#]/.test(issuer), "An issuer URL has no query or fragment.")
    .transform((issuer) => issuer.replace(/\/$/, "")),
  clientId: z.string().trim().min(1, "Enter the client ID.").max(255, "A client ID is at most 255 characters."),
  clientSecret: z.string().min(1, "Enter the client secret.").max(1000, "A client secret is at most 1000 characters."),
  defaultRole: z.enum(["member", "owner"], { error: "Choose member or owner." }).default("member"),
});
export type ConnectOidcProviderInput = z.infer<typeof connectOidcProviderSchema>;

/**
 * A SAML 2.0 identity provider, from its metadata (SAML 2.0 Metadata §2.3): pasted, or at an
 * address Rekey fetches (through the SSRF guard). Exactly one of the two.
 */
export const connectSamlProviderSchema = z
  .object({
    metadataXml: z
      .string()
      .trim()
      .max(200_000, "Metadata is at most 200,000 characters.")
      .optional()
      .transform((xml) => xml || undefined),
    metadataUrl: z
      .union([
        z.literal(""),
        z
          .url({ protocol: /^https?$/, error: "Enter the metadata URL, like https://idp.example.com/metadata." })
          .max(500, "A metadata URL is at most 500 characters."),
      ])
      .optional()
      .transform((url) => url || undefined),
    defaultRole: z.enum(["member", "owner"], { error: "Choose member or owner." }).default("member"),
  })
  .superRefine((input, issues) => {
    if (Boolean(input.metadataXml) === Boolean(input.metadataUrl))
      issues.addIssue({
        code: "custom",
        path: [input.metadataXml ? "metadataUrl" : "metadataXml"],
        message: "Paste the provider's metadata XML or enter its metadata URL (one of the two).",
      });
  });
type ParsedSamlProvider = z.infer<typeof connectSamlProviderSchema>;
/** One of the two sources; the schema makes sure exactly one is given. */
export type ConnectSamlProviderInput = Partial<Pick<ParsedSamlProvider, "metadataXml" | "metadataUrl">> &
  Pick<ParsedSamlProvider, "defaultRole">;

export const ssoRequirementSchema = z.object({ isSsoRequired: tickboxSchema });

/** Where SSO starts: the person's email picks the organization by its verified domain. */
export const startSsoSignInSchema = z.object({
  email: z.email({ error: "Enter your work email address." }).trim().toLowerCase().max(320),
  callbackUrl: relativeCallbackSchema,
});

/** Staff take an organization's SSO set-up away (a locked-out owner, a compromised provider) with a reason. */
export const resetSsoConnectionSchema = staffReasonSchema.extend({
  orgId: z.uuid({ error: "Choose an organization." }),
});
export type ResetSsoConnectionInput = z.infer<typeof resetSsoConnectionSchema>;
