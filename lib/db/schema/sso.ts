import { boolean, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt, tstz } from "./columns";
import { memberRole } from "./enums";
import { organizations } from "./tenancy";

/**
 * An organization's own OpenID Connect provider (issue 20): at most one per organization. The
 * client secret is sealed with the master key ring (context `sso-client-secret:<orgId>`).
 */
export const orgSsoConnections = pgTable("org_sso_connections", {
  orgId: uuid("org_id")
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  /** The issuer identifier; discovery reads `<issuer>/.well-known/openid-configuration`. */
  issuer: text("issuer").notNull(),
  clientId: text("client_id").notNull(),
  clientSecretCiphertext: text("client_secret_ciphertext").notNull(),
  masterKeyVersion: integer("master_key_version").notNull(),
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
    codeVerifier: text("code_verifier").notNull(),
    nonce: text("nonce").notNull(),
    /** A relative path in the portal (validated) where the person goes once signed in. */
    callbackUrl: text("callback_url").notNull(),
    expiresAt: tstz("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sso_sign_in_attempts_expires_at_idx").on(t.expiresAt)],
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
