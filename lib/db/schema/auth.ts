import { bigint, boolean, index, integer, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, tstz } from "./columns";
import { staffRole } from "./enums";
import { licenses } from "./licensing";

export const users = pgTable("users", {
  id: text("id")
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID()),
  name: text("name"),
  email: text("email").notNull().unique(),
  emailVerified: tstz("email_verified"),
  image: text("image"),
  staffRole: staffRole("staff_role"),
  /**
   * Staff policy: this person's second factor must be a passkey (phishing-resistant); TOTP and
   * recovery codes are refused for them (issue 20).
   */
  passkeyRequired: boolean("passkey_required").notNull().default(false),
  createdAt: createdAt(),
});

export const accounts = pgTable(
  "accounts",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    provider: text("provider").notNull(),
    providerAccountId: text("provider_account_id").notNull(),
    refresh_token: text("refresh_token"),
    access_token: text("access_token"),
    expires_at: integer("expires_at"),
    token_type: text("token_type"),
    scope: text("scope"),
    id_token: text("id_token"),
    session_state: text("session_state"),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] }), index("accounts_user_id_idx").on(t.userId)],
);

export const sessions = pgTable(
  "sessions",
  {
    sessionToken: text("session_token").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expires: tstz("expires").notNull(),
    createdAt: createdAt(),
    /** When this session passed the second factor (TOTP, a recovery code or a passkey); null until then. */
    secondFactorVerifiedAt: tstz("second_factor_verified_at"),
    /** How it passed: a passkey-only policy does not accept a session verified with a code. */
    secondFactorMethod: text("second_factor_method").$type<"totp" | "recovery_code" | "passkey">(),
    /**
     * Set for a session signed in with a license key and an emailed code (issue 20): it reaches
     * that one license in the holder view and nothing else (lib/auth/session.ts).
     */
    licenseScopeId: uuid("license_scope_id").references(() => licenses.id, { onDelete: "cascade" }),
  },
  (t) => [index("sessions_user_id_idx").on(t.userId), index("sessions_license_scope_id_idx").on(t.licenseScopeId)],
);

/**
 * A user's authenticator-app (TOTP, RFC 6238) secret, sealed with the master key ring. A row with
 * no `confirmed_at` is an enrolment in progress; it counts only once a code from the app proved it.
 */
export const userTotpSecrets = pgTable("user_totp_secrets", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  secretCiphertext: text("secret_ciphertext").notNull(),
  masterKeyVersion: integer("master_key_version").notNull(),
  /** Highest time step already accepted: a code is single-use even inside its 30 s window. */
  lastUsedStep: bigint("last_used_step", { mode: "number" }),
  confirmedAt: tstz("confirmed_at"),
  createdAt: createdAt(),
});

/** One-time recovery codes, stored as keyed digests only; each is spent by setting `used_at`. */
export const userRecoveryCodes = pgTable(
  "user_recovery_codes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    digest: text("digest").notNull().unique(),
    usedAt: tstz("used_at"),
    createdAt: createdAt(),
  },
  (t) => [index("user_recovery_codes_user_id_idx").on(t.userId)],
);

export const verificationTokens = pgTable(
  "verification_tokens",
  {
    identifier: text("identifier").notNull(),
    token: text("token").notNull(),
    expires: tstz("expires").notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

/**
 * A WebAuthn credential (passkey) registered as a second factor. Only the public key is stored;
 * `counter` is the authenticator's signature counter (WebAuthn §6.1.1), kept to notice a cloned
 * authenticator.
 */
export const userPasskeys = pgTable(
  "user_passkeys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The credential id, base64url, as the browser reports it. */
    credentialId: text("credential_id").notNull().unique(),
    /** COSE public key, base64url. */
    publicKey: text("public_key").notNull(),
    counter: bigint("counter", { mode: "number" }).notNull().default(0),
    transports: text("transports").array().notNull().default([]),
    name: text("name").notNull(),
    lastUsedAt: tstz("last_used_at"),
    createdAt: createdAt(),
  },
  (t) => [index("user_passkeys_user_id_idx").on(t.userId)],
);

/**
 * The one outstanding WebAuthn challenge per session and ceremony: bound to the session that asked
 * for it, spent by the first response (a replayed response finds none), and short-lived.
 */
export const passkeyChallenges = pgTable(
  "passkey_challenges",
  {
    sessionToken: text("session_token")
      .notNull()
      .references(() => sessions.sessionToken, { onDelete: "cascade" }),
    ceremony: text("ceremony").$type<"registration" | "authentication">().notNull(),
    challenge: text("challenge").notNull(),
    expiresAt: tstz("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionToken, t.ceremony] })],
);
