/**
 * Every environment variable the app reads, validated once. Domain code never reads process.env:
 * it receives these values as arguments. Documented in README.md and .env.example.
 */
import { z } from "zod";
import { parseMasterKeyRing } from "@/lib/crypto";

/**
 * A setting the operator must fix. Start-up prints its message as it is, one line per mistake,
 * naming the setting and the fix (issue 16, item 13), never as a stack trace.
 */
export class ConfigurationError extends Error {
  override name = "ConfigurationError";
}

const GENERATE_SECRET = "generate one with `openssl rand -base64 32`";

/** A secret long enough to resist guessing; the message says how to make one. */
const secretSetting = () =>
  z
    .string()
    .min(32, {
      error: (issue) =>
        `is too short (${String(issue.input).length} characters; it needs 32 or more): ${GENERATE_SECRET}`,
    })
    .optional();

const booleanFlag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((value) => value === "true" || value === "1");

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    /** Unset: the embedded database in REKEY_DATA_DIR. */
    DATABASE_URL: z
      .string()
      .refine(
        (value) =>
          URL.canParse(value) && /^postgres(ql)?:$/.test(new URL(value).protocol) && new URL(value).hostname !== "",
        "must be a PostgreSQL URL with a host, such as postgres://rekey:secret@localhost:5432/rekey; unset it to use the embedded database in .data/",
      )
      .optional(),
    /** The port `npm run dev` and `npm start` listen on; in development the default REKEY_PUBLIC_URL follows it. */
    PORT: z.coerce
      .number({ error: "must be a port number such as 3000" })
      .int({ error: "must be a port number such as 3000" })
      .min(1, { error: "must be a port number such as 3000" })
      .max(65_535, { error: "must be a port number such as 3000" })
      .optional(),
    /** A read replica of DATABASE_URL for online validation only (reads nothing else from it). */
    DATABASE_REPLICA_URL: z.url().optional(),
    REKEY_DATA_DIR: z.string().min(1).default(".data"),
    REKEY_SEED_DEMO: booleanFlag,
    /** Where release artifacts are kept on disk (issue 19); default `<REKEY_DATA_DIR>/artifacts`. Ignored with S3 storage. */
    REKEY_ARTIFACTS_DIR: z.string().min(1).optional(),
    /** S3-compatible storage for artifacts, for several app processes: the bucket turns it on; the others configure it. */
    REKEY_ARTIFACTS_S3_BUCKET: z.string().min(3).optional(),
    REKEY_ARTIFACTS_S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
    REKEY_ARTIFACTS_S3_REGION: z.string().min(1).default("us-east-1"),
    REKEY_ARTIFACTS_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    REKEY_ARTIFACTS_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    /**
     * The one address every absolute URL the app emits is built from (sign-in links, redirects,
     * email links, token issuers): request headers never choose a host. An origin only: Auth.js and
     * the links assume the app is served at the root.
     */
    REKEY_PUBLIC_URL: z
      .url({ protocol: /^https?$/ })
      .refine(
        (value) => URL.canParse(value) && new URL(value).origin === value.replace(/\/$/, ""),
        "must be an origin such as https://portal.example.com (no path, query or credentials)",
      )
      .optional(),
    AUTH_SECRET: secretSetting(),
    /**
     * `v<n>:<base64 32 bytes>`, comma-separated, current first. Checked here, so a malformed key
     * stops start-up before anything (the development secrets file included) is written.
     */
    REKEY_MASTER_KEY: z
      .string()
      .superRefine((value, context) => {
        try {
          parseMasterKeyRing(value);
        } catch (error) {
          const reason = (error as Error).message.replace(/^REKEY_MASTER_KEY /, "");
          context.addIssue({
            code: "custom",
            message: `${reason.replace(/\.$/, "")}; make one with \`echo "v1:$(openssl rand -base64 32)"\``,
          });
        }
      })
      .optional(),
    /** Secret for lookup digests of license keys and device fingerprints (32+ characters). */
    REKEY_HMAC_SECRET: secretSetting(),
    RESEND_API_KEY: z.string().min(1).optional(),
    EMAIL_FROM: z.string().min(3).default("Rekey <no-reply@rekey.localhost>"),
    REKEY_DEV_MAILBOX: booleanFlag,
    /** Serves the benchmark's one-row portal page (bench/portal-pages.bench.ts); 404 without it. */
    REKEY_BENCH_PAGES: booleanFlag,
    /**
     * Outgoing requests (webhooks) may go to loopback and private addresses, over plain http: for a
     * receiver on a developer's machine or in a test. See the production rule below.
     */
    REKEY_OUTGOING_ALLOW_PRIVATE: booleanFlag,
    /** Where renewal reminders send customers to renew (the vendor's store or contact page); default: the license page. */
    REKEY_RENEWAL_URL: z.url().optional(),
    /** Run the worker inside the web process. Default: on with the embedded database, off with PostgreSQL (run `npm run worker`). */
    REKEY_WORKER_IN_PROCESS: z.enum(["true", "false"]).optional(),
    REKEY_WORKER_INTERVAL_MS: z.coerce.number().int().min(1000).default(15_000),
    /** Public API rate limits (requests per minute). */
    /** How long a four-eyes approval request stays open before it expires. */
    REKEY_APPROVAL_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(24),
    REKEY_API_LIMIT_PER_IP: z.coerce.number().int().positive().default(600),
    REKEY_API_LIMIT_PER_KEY: z.coerce.number().int().positive().default(120),
    /** Sign-in links asked for per client address in 15 minutes (per email address it is 5, fixed). */
    REKEY_SIGN_IN_LIMIT_PER_IP: z.coerce.number().int().positive().default(30),
    /**
     * Reverse proxies in front of the app that append to X-Forwarded-For: the client address is the
     * entry this far from the right. 0: no proxy (see lib/http/client-address.ts for what that trusts).
     */
    REKEY_TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    /**
     * DNS servers (comma-separated `address[:port]`) asked for domain-verification TXT records
     * (lib/identity). Unset: the system's resolver.
     */
    REKEY_DNS_SERVERS: z
      .string()
      .optional()
      .transform((servers) =>
        servers
          ?.split(",")
          .map((server) => server.trim())
          .filter(Boolean),
      ),
    /**
     * Bearer token for `GET /metrics` (32+ characters). Unset: the endpoint answers 404, so a
     * deployment that never configured scraping exposes nothing.
     */
    REKEY_METRICS_TOKEN: z.string().min(32).optional(),
    /** Signing secret of the Stripe webhook endpoint (`whsec_…`); Admin → Billing can hold one too (lib/billing). */
    REKEY_STRIPE_WEBHOOK_SECRET: z.string().startsWith("whsec_").optional(),
    /** Who gets operator alerts (comma-separated emails). Default: every staff user. */
    REKEY_ALERT_EMAILS: z
      .string()
      .optional()
      .transform((value) =>
        value
          ? value
              .split(",")
              .map((email) => email.trim())
              .filter(Boolean)
          : [],
      )
      .pipe(z.array(z.email())),
    /** Alert when this many licenses still present an old key after its rotation was issued (last 24 h). */
    REKEY_ALERT_OLD_KEY_LICENSES: z.coerce.number().int().positive().default(5),
    /** Alert when this share (percent) of reporting clients hold a stale `kid` or only deprecated algorithms (last hour). */
    REKEY_ALERT_STALE_CLIENT_PERCENT: z.coerce.number().min(0).max(100).default(10),
    /** Alert when this many outbox messages are dead (gave up) in the last 24 h. */
    REKEY_ALERT_DEAD_OUTBOX: z.coerce.number().int().positive().default(1),
    /** Alert when revocations take longer than this (p99, seconds) to reach open push streams. */
    REKEY_ALERT_REVOCATION_P99_SECONDS: z.coerce.number().positive().default(5),
    /** Target: an incident or emergency rotation tells customers within this many minutes of detection. */
    REKEY_TARGET_NOTICE_MINUTES: z.coerce.number().int().positive().default(60),
    /** Target: an emergency rotation replaces the key within this many minutes of detection. */
    REKEY_TARGET_KEY_REPLACED_MINUTES: z.coerce.number().int().positive().default(240),
    /** Alert when failed validations an hour after a rotation exceed this multiple of the day before's rate. */
    REKEY_ALERT_FAILED_VALIDATION_FACTOR: z.coerce.number().positive().default(3),
    /** Signature algorithms on their way out: clients that accept only these are counted as drift. */
    REKEY_DEPRECATED_ALGORITHMS: z
      .string()
      .default("RS256")
      .transform((value) =>
        value
          .split(",")
          .map((alg) => alg.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.enum(["EdDSA", "ES256", "RS256"]))),
    /** Planned life of an active signing key; the health dashboard lists keys within 14 days of it. */
    REKEY_SIGNING_KEY_ROTATE_DAYS: z.coerce.number().int().positive().default(90),
    /** How long a replaced signing key keeps verifying before the worker retires it (lib/signing/signing-key-schedule.ts). */
    REKEY_SIGNING_KEY_VERIFY_ONLY_DAYS: z.coerce.number().int().positive().default(60),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  })
  /*
   * With private destinations allowed, any customer can make the server call into its own network
   * (SSRF). A production process accepts the setting only beside REKEY_DEV_MAILBOX, which already
   * marks a test deployment (e2e, the scale-out check's local receiver) and is documented as never
   * for real production: a real deployment cannot turn it on by one stray variable.
   */
  .refine((env) => !(env.NODE_ENV === "production" && env.REKEY_OUTGOING_ALLOW_PRIVATE && !env.REKEY_DEV_MAILBOX), {
    path: ["REKEY_OUTGOING_ALLOW_PRIVATE"],
    message:
      "must not be set in production (it lets webhooks reach internal addresses); only a test deployment with REKEY_DEV_MAILBOX=true may use it",
  });

export type Env = z.infer<typeof envSchema>;

/** What `npm run dev` serves on; production has no default (see `requirePublicOrigin`). */
export const DEVELOPMENT_PUBLIC_URL = "http://localhost:3000";

/**
 * REKEY_PUBLIC_URL as an origin (no trailing slash). Unset (development only), the address
 * `npm run dev` serves on, port included: with PORT=3100 email links point at :3100, not :3000.
 */
export const publicOrigin = (env: Pick<Env, "REKEY_PUBLIC_URL"> & Partial<Pick<Env, "PORT">>): string =>
  new URL(env.REKEY_PUBLIC_URL ?? (env.PORT ? `http://localhost:${env.PORT}` : DEVELOPMENT_PUBLIC_URL)).origin;

/** What a production process cannot run without (secrets are never generated there). */
const PRODUCTION_SETTINGS = ["REKEY_PUBLIC_URL", "AUTH_SECRET", "REKEY_MASTER_KEY", "REKEY_HMAC_SECRET"] as const;

/**
 * Production start-up names every missing setting at once, not one per attempt. Checked at start,
 * not at import, so `next build` needs none.
 */
export function requireProductionSettings(env: Env): void {
  if (env.NODE_ENV !== "production") return;
  const missing = PRODUCTION_SETTINGS.filter((name) => !env[name]);
  if (missing.length === 0) return;
  throw new ConfigurationError(
    `Production needs ${missing.join(", ")} (unset now): set ${missing.length === 1 ? "it" : "each"} in the environment, as .env.example describes.`,
  );
}

/**
 * Production refuses to start without REKEY_PUBLIC_URL: the development default would send
 * customers sign-in links to localhost. Checked at start, not at import, so `next build` needs none.
 */
export function requirePublicOrigin(
  env: Pick<Env, "NODE_ENV" | "REKEY_PUBLIC_URL"> & Partial<Pick<Env, "PORT">>,
): string {
  if (env.NODE_ENV === "production" && !env.REKEY_PUBLIC_URL) {
    throw new ConfigurationError(
      "REKEY_PUBLIC_URL must be set in production: the portal's public address (e.g. https://portal.example.com), used for every link and redirect (see .env.example).",
    );
  }
  return publicOrigin(env);
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    // One line per setting, naming it and the fix: this is what a newcomer reads in the terminal.
    const problems = result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("\n");
    throw new ConfigurationError(problems);
  }
  return result.data;
}
