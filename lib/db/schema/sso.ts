import { boolean, index, integer, pgEnum, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt, tstz } from "./columns";
import { memberRole } from "./enums";
import { organizations } from "./tenancy";

/** How an organization's provider speaks: OpenID Connect or SAML 2.0 (issue 20). */
export const ssoProtocol = pgEnum("sso_protocol", ["oidc", "saml"]);

/**
 * An organization's own identity provider (issue 20): at most one per organization, OpenID Connect
 * or SAML 2.0. An OIDC client secret is sealed with the master key ring (context
 * `sso-client-secret:<orgId>`); a SAML provider has no secret, only its public signing certificates.
 */
export const orgSsoConnections = pgTable("org_sso_connections", {
  orgId: uuid("org_id")
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  protocol: ssoProtocol("protocol").notNull().default("oidc"),
  /**
   * OIDC: the issuer identifier (discovery reads `<issuer>/.well-known/openid-configuration`).
   * SAML: the identity provider's entity ID, the `Issuer` its responses must carry.
   */
  issuer: text("issuer").notNull(),
  /** OIDC only. */
  clientId: text("client_id"),
  /** OIDC only. */
  clientSecretCiphertext: text("client_secret_ciphertext"),
  /** OIDC only: the master key version that sealed the client secret. */
  masterKeyVersion: integer("master_key_version"),
  /** SAML only: the identity provider's SingleSignOnService location for the HTTP-Redirect binding. */
  samlSsoUrl: text("saml_sso_url"),
  /** SAML only: PEM certificates whose keys may sign assertions (the metadata's signing KeyDescriptors). */
  samlIdpCertificates: text("saml_idp_certificates").array(),
  /** The role given to someone who joins by their first SSO sign-in (just-in-time membership). */
  defaultRole: memberRole("default_role").notNull().default("member"),
  /** Members whose email is on a verified domain must sign in here; the magic link is refused for them. */
  isSsoRequired: boolean("is_sso_required").notNull().default(false),
  createdAt: createdAt(),
  updatedAt: tstz("updated_at").notNull().defaultNow(),
});

/**
 * One SSO sign-in under way, between the redirect to the provider and its answer: the PKCE
 * verifier and nonce stay on the server, `state` is its key and is also in a cookie of the browser
 * that started it (login CSRF). Spent by the first callback, short-lived.
 */
export const ssoSignInAttempts = pgTable(
  "sso_sign_in_attempts",
  {
    state: text("state").primaryKey(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** OIDC only (SAML: `state` is the AuthnRequest ID, which the response's InResponseTo must name). */
    codeVerifier: text("code_verifier"),
    /** OIDC only. */
    nonce: text("nonce"),
    /** A relative path in the portal (validated) where the person goes once signed in. */
    callbackUrl: text("callback_url").notNull(),
    expiresAt: tstz("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sso_sign_in_attempts_expires_at_idx").on(t.expiresAt)],
);

/**
 * SAML assertion IDs already accepted (SAML 2.0 Profiles §4.1.4.5: the relying party must keep an
 * accepted assertion's ID until it expires and refuse it again). In PostgreSQL, so every app process
 * agrees; a row goes once `expiresAt` has passed, when the assertion would be refused as expired anyway.
 */
export const samlUsedAssertions = pgTable(
  "saml_used_assertions",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    assertionId: text("assertion_id").notNull(),
    expiresAt: tstz("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.assertionId] }),
    index("saml_used_assertions_expires_at_idx").on(t.expiresAt),
  ],
);

/**
 * A person's identity at their organization's provider: (issuer, subject) bound to one user at the
 * first SSO sign-in. A later answer naming the same email with another subject is refused (a
 * recycled or re-assigned address at the provider must not inherit the person's account), and one
 * subject cannot become two people. Keyed by issuer too, so a replaced provider binds afresh.
 */
export const ssoIdentities = pgTable(
  "sso_identities",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** OIDC: the issuer; SAML: the identity provider's entity ID. */
    issuer: text("issuer").notNull(),
    /** OIDC: `sub`; SAML: the NameID. */
    subject: text("subject").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.issuer, t.subject] }),
    uniqueIndex("sso_identities_org_id_issuer_user_id_unique").on(t.orgId, t.issuer, t.userId),
    index("sso_identities_user_id_idx").on(t.userId),
  ],
);

/**
 * An organization's SCIM 2.0 bearer token (RFC 7644 §2): one per organization, shown once, kept
 * as its keyed digest and a visible prefix. Rotating replaces it.
 */
export const orgScimTokens = pgTable("org_scim_tokens", {
  orgId: uuid("org_id")
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  prefix: text("prefix").notNull(),
  digest: text("digest").notNull().unique(),
  createdBy: text("created_by")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  createdAt: createdAt(),
  lastUsedAt: tstz("last_used_at"),
});

/**
 * A SCIM User resource (RFC 7643 §4.1) the organization's directory manages: one person of this
 * organization. `active = false` keeps the resource while the person has no membership, sessions
 * or tokens; the id is the resource's, not the person's, so one organization's ids say nothing of another's.
 */
export const scimUsers = pgTable(
  "scim_users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    externalId: text("external_id"),
    isActive: boolean("is_active").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("scim_users_org_id_user_id_unique").on(t.orgId, t.userId),
    index("scim_users_user_id_idx").on(t.userId),
  ],
);
