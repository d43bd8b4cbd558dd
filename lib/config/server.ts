/**
 * Server configuration, read once per process: validated env, development secrets, the database
 * opener and the mailer. App glue imports this; domain code receives what it needs as arguments.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { configureDatabase, getDb, listenForChanges, openReadReplica, type Db } from "@/lib/db";
import { CHANGE_CHANNELS } from "@/lib/db/change-notices";
import { createRevocationFeedHead, type RevocationFeedHead } from "@/lib/licensing/revocation-feed-head";
import { createRevocationFanOut, type RevocationFanOut } from "@/lib/licensing/revocation-fan-out";
import { openAppDatabase } from "@/lib/bootstrap/open-app-database";
import { createLogger } from "@/lib/logger";
import { createSignInLimiter, type SignInLimiter } from "@/lib/auth/sign-in-limits";
import { createApiLimiter, type ApiLimiter } from "@/lib/http/api-limits";
import { clientAddress } from "@/lib/http/client-address";
import { startWorkerLoop } from "@/lib/jobs/worker-loop";
import { createKeyedHasher, formatMasterKeyRing, parseMasterKeyRing } from "@/lib/crypto";
import { configureAuditKeys } from "@/lib/audit/audit-keys";
import type { KeySecrets } from "@/lib/licensing/license-key-secrets";
import { ValidationTelemetry, type ValidationObservation } from "@/lib/licensing/validation-telemetry";
import { ClientJwksTelemetry, createHealthMetrics, type AlertThresholds, type ClientJwksReport, type HealthMetrics } from "@/lib/health";
import { createSecondFactorLimiter, type SecondFactorLimiter, type SecondFactorSecrets } from "@/lib/mfa";
import { createResendMailer, devMailboxMailer, type Mailer } from "@/lib/notify";
import { createEmailRenderer } from "@/emails";
import { createOutgoingHttp } from "@/lib/net";
import { createSigningService, type SigningService } from "@/lib/signing";
import { createStatusSubscriptionLimiter, type StatusSubscriptionLimiter } from "@/lib/status";
import { parseEnv, publicOrigin, requirePublicOrigin } from "./env";

export const env = parseEnv(process.env);
export const logger = createLogger({ level: env.LOG_LEVEL });
export const dataDir = path.resolve(env.REKEY_DATA_DIR);
export const isProduction = env.NODE_ENV === "production";
/** The dev mailbox shows sign-in links: never on in production unless explicitly enabled (e2e). */
export const isDevMailboxEnabled = !isProduction || env.REKEY_DEV_MAILBOX;
/** Every outgoing HTTP request goes through this one SSRF guard (lib/net). */
export const outgoingHttp = createOutgoingHttp({ allowPrivate: env.REKEY_OUTGOING_ALLOW_PRIVATE });

/** The portal's origin (no trailing slash), from REKEY_PUBLIC_URL alone: the base of every absolute URL. */
export const portalUrl = publicOrigin(env);
export const publicUrl = (pathname = "/") => new URL(pathname, portalUrl).toString();
/** For start-up: a production process without REKEY_PUBLIC_URL stops here, naming it. */
export const requirePublicUrl = () => requirePublicOrigin(env);

/*
 * Auth.js builds sign-in links, callback URLs and its redirects from AUTH_URL when it is set, and
 * from the request's Host / X-Forwarded-Host when not (@auth/core createActionURL, next-auth
 * reqWithEnvURL): a forged Host then put an attacker's address into a genuine sign-in email.
 * Pinning it here, before any Auth.js code runs in this process, makes the sign-in action, the
 * /api/auth routes and auth() all use REKEY_PUBLIC_URL and never look at those headers. Set
 * unconditionally, so an AUTH_URL or NEXTAUTH_URL left in the environment cannot disagree.
 */
process.env.AUTH_URL = portalUrl;
delete process.env.NEXTAUTH_URL;

configureDatabase(() => openAppDatabase({ databaseUrl: env.DATABASE_URL, dataDir, seedDemo: env.REKEY_SEED_DEMO, isProduction, logger, secrets: getKeySecrets }));
configureAuditKeys(() => getKeySecrets().ring);

export { getDb };

interface DevSecrets {
  authSecret: string;
  masterKey: string;
  hmacSecret: string;
}

let devSecrets: DevSecrets | undefined;

/**
 * Secrets a developer should not have to invent: generated once into the data dir. Production
 * refuses to start without real ones (see `requireSecret`).
 */
function loadDevSecrets(): DevSecrets {
  if (devSecrets) return devSecrets;
  const file = path.join(dataDir, "dev-secrets.json");
  if (existsSync(file)) {
    devSecrets = JSON.parse(readFileSync(file, "utf8")) as DevSecrets;
  } else {
    mkdirSync(dataDir, { recursive: true });
    devSecrets = {
      authSecret: randomBytes(32).toString("base64url"),
      masterKey: formatMasterKeyRing([{ version: 1, key: randomBytes(32) }]),
      hmacSecret: randomBytes(32).toString("base64url"),
    };
    writeFileSync(file, JSON.stringify(devSecrets, null, 2), { mode: 0o600 });
    logger.warn(
      { file },
      "DEVELOPMENT SECRETS GENERATED: a master key, HMAC secret and auth secret were written to this file. Anyone who can read it can decrypt every signing key. Set REKEY_MASTER_KEY, REKEY_HMAC_SECRET and AUTH_SECRET in production.",
    );
  }
  return devSecrets;
}

function requireSecret(name: string, value: string | undefined, fallback: keyof DevSecrets): string {
  if (value) return value;
  if (isProduction) throw new Error(`${name} must be set in production (see .env.example).`);
  return loadDevSecrets()[fallback];
}

export const getAuthSecret = () => requireSecret("AUTH_SECRET", env.AUTH_SECRET, "authSecret");

let keySecrets: KeySecrets | undefined;

/** Master key ring and lookup hasher; a malformed REKEY_MASTER_KEY stops the process here. */
export function getKeySecrets(): KeySecrets {
  keySecrets ??= {
    ring: parseMasterKeyRing(requireSecret("REKEY_MASTER_KEY", env.REKEY_MASTER_KEY, "masterKey")),
    hasher: createKeyedHasher(requireSecret("REKEY_HMAC_SECRET", env.REKEY_HMAC_SECRET, "hmacSecret")),
  };
  return keySecrets;
}

let secondFactorLimiter: Promise<SecondFactorLimiter> | undefined;

/**
 * What TOTP and recovery-code checks need: the ring (sealed secrets), the hasher (code digests),
 * the guess limiter (counted in the database, one per module instance like the limits below).
 */
export async function getSecondFactorSecrets(): Promise<SecondFactorSecrets> {
  const { ring, hasher } = getKeySecrets();
  secondFactorLimiter ??= getDb().then((db) => createSecondFactorLimiter(db));
  return { ring, hasher, limiter: await secondFactorLimiter };
}

const signing = globalThis as unknown as { __rekeySigning?: Promise<SigningService> };

export function getSigningService(): Promise<SigningService> {
  signing.__rekeySigning ??= getDb().then(async (db) => {
    const service = createSigningService({ db, ring: getKeySecrets().ring });
    await listenForChanges(CHANGE_CHANNELS.signingKeys, () => service.invalidate());
    return service;
  });
  return signing.__rekeySigning;
}

/** What the validate route records per answer: the counts, plus what the client said about its JWKS. */
export type ValidationRecord = ValidationObservation & { productId: string | null; clientJwks: ClientJwksReport };

const telemetry = globalThis as unknown as {
  __rekeyValidationTelemetry?: ValidationTelemetry<ValidationRecord>;
  __rekeyClientJwksTelemetry?: ClientJwksTelemetry;
  __rekeyHealthMetrics?: HealthMetrics;
};

/** The `/metrics` registry, made on first use (not at import, so `next build` starts no collectors). */
export function getHealthMetrics(): HealthMetrics {
  telemetry.__rekeyHealthMetrics ??= createHealthMetrics({ getDb });
  return telemetry.__rekeyHealthMetrics;
}

const clientJwksTelemetry = (telemetry.__rekeyClientJwksTelemetry ??= new ClientJwksTelemetry({ deprecatedAlgorithms: env.REKEY_DEPRECATED_ALGORITHMS }));

const revocationHead = globalThis as unknown as { __rekeyRevocationHead?: Promise<RevocationFeedHead> };

export function getRevocationFeedHead(): Promise<RevocationFeedHead> {
  revocationHead.__rekeyRevocationHead ??= getDb().then((db) => createRevocationFeedHead(db, listenForChanges));
  return revocationHead.__rekeyRevocationHead;
}

const revocationFanOut = globalThis as unknown as { __rekeyRevocationFanOut?: Promise<RevocationFanOut> };

/** The process's one LISTEN-fed reader of the revocation feed, shared by every open stream. */
export function getRevocationFanOut(): Promise<RevocationFanOut> {
  revocationFanOut.__rekeyRevocationFanOut ??= Promise.all([getDb(), getSigningService()]).then(([db, signer]) => createRevocationFanOut({ db, signer, issuer: tokenIssuer, listen: listenForChanges }));
  return revocationFanOut.__rekeyRevocationFanOut;
}

const replica = globalThis as unknown as { __rekeyReplica?: Promise<Db> };

/**
 * The database online validation reads: DATABASE_REPLICA_URL when set (a streaming replica takes
 * the validate load off the primary; a revocation reaches it after the replication lag, usually
 * well under a second), otherwise the primary.
 */
export function getValidationDb(): Promise<Db> {
  if (!env.DATABASE_REPLICA_URL) return getDb();
  replica.__rekeyReplica ??= openReadReplica(env.DATABASE_REPLICA_URL).then((opened) => opened.db);
  return replica.__rekeyReplica;
}

/** One per process (Next may load this module more than once): the validate route records, a timer flushes. */
export const validationTelemetry = (telemetry.__rekeyValidationTelemetry ??= new ValidationTelemetry<ValidationRecord>((record) => {
  getHealthMetrics().recordValidation(record.code);
  clientJwksTelemetry.record({ at: record.at, productId: record.productId, report: record.clientJwks });
}));

/** Writes validation counts every `intervalMs`; started once per web process by instrumentation. */
export function startValidationTelemetryFlush(intervalMs = 10_000) {
  const timer = setInterval(() => {
    getDb()
      .then((db) => Promise.all([validationTelemetry.flush(db), clientJwksTelemetry.flush(db)]))
      .catch((error: unknown) => logger.warn({ err: error }, "validation telemetry flush failed; counts kept for the next attempt"));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Turns outbox messages into HTML and text: for the mail provider and the dev mailbox alike. */
export const renderEmail = createEmailRenderer({ baseUrl: portalUrl });

export const mailer: Mailer = env.RESEND_API_KEY ? createResendMailer({ apiKey: env.RESEND_API_KEY, from: env.EMAIL_FROM, render: renderEmail }) : devMailboxMailer;

/**
 * Rate limits count in the database so every app process shares one budget (lib/http/rate-limiter.ts).
 * One limiter per module instance, not per process: Next bundles this module more than once, and a
 * limiter made by another bundle would throw that bundle's RateLimited, which `instanceof` here
 * does not recognise (the 429 became a 500). The shared state is in the database either way.
 */
let apiLimiter: Promise<ApiLimiter> | undefined;
let signInLimiter: Promise<SignInLimiter> | undefined;

export const consumeApiCall: ApiLimiter = async (caller) => {
  apiLimiter ??= getDb().then((db) => createApiLimiter(db, { perIpPerMinute: env.REKEY_API_LIMIT_PER_IP, perKeyPerMinute: env.REKEY_API_LIMIT_PER_KEY }));
  return (await apiLimiter)(caller);
};

export const consumeSignInAttempt: SignInLimiter = async (attempt) => {
  signInLimiter ??= getDb().then(createSignInLimiter);
  return (await signInLimiter)(attempt);
};

let statusSubscriptionLimiter: Promise<StatusSubscriptionLimiter> | undefined;

export function getStatusSubscriptionLimiter(): Promise<StatusSubscriptionLimiter> {
  statusSubscriptionLimiter ??= getDb().then(createStatusSubscriptionLimiter);
  return statusSubscriptionLimiter;
}

export const isWorkerInProcess = env.REKEY_WORKER_IN_PROCESS ? env.REKEY_WORKER_IN_PROCESS === "true" : !env.DATABASE_URL;

/** Starts the rotation/notification worker in this process; used by instrumentation and `npm run worker`. */
export const alertThresholds: AlertThresholds = {
  oldKeyLicenses: env.REKEY_ALERT_OLD_KEY_LICENSES,
  staleClientPercent: env.REKEY_ALERT_STALE_CLIENT_PERCENT,
  deadOutbox: env.REKEY_ALERT_DEAD_OUTBOX,
  revocationP99Seconds: env.REKEY_ALERT_REVOCATION_P99_SECONDS,
};

export async function startWorker() {
  const db = await getDb();
  return startWorkerLoop(
    {
      db,
      now: () => new Date(),
      secrets: getKeySecrets(),
      mailer,
      outgoing: outgoingHttp,
      portalUrl,
      renewalUrl: env.REKEY_RENEWAL_URL,
      alerts: { thresholds: alertThresholds, recipients: env.REKEY_ALERT_EMAILS, dashboardUrl: publicUrl("/admin/health") },
      auditCheckpoints: { signer: await getSigningService(), issuer: tokenIssuer },
    },
    { intervalMs: env.REKEY_WORKER_INTERVAL_MS, logger },
  );
}

/** The address a request counts under for per-address limits, per REKEY_TRUSTED_PROXY_HOPS. */
export const clientIp = (headers: Headers) => clientAddress(headers, { trustedProxyHops: env.REKEY_TRUSTED_PROXY_HOPS });

/** `iss` of every token and signed answer. */
export const tokenIssuer = publicUrl("/");

export const renewalUrl = env.REKEY_RENEWAL_URL;
/** What a verifiable audit export needs: the signer of its checkpoints and where their keys are published. */
export const auditExportDeps = async () => ({ signer: await getSigningService(), issuer: tokenIssuer, jwksUrl: publicUrl("/.well-known/jwks.json") });
/** What use cases that notify customers need: the mailer and the base of links in notices. */
export const noticeDeps = () => ({ mailer, portalUrl });
