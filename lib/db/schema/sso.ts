import { boolean, index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
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
