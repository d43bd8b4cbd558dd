/**
 * The process's wiring: one object holding the database, secrets, signing service, mailer, limits,
 * telemetry, clock and configuration, built from the validated environment (DESIGN.md §1, "one
 * wiring object per process"). The web app, the client API handler and the worker each receive
 * the one their process built; nothing here is module-level state, so tests build their own.
 *
 * Parts that open connections or start timers (the database, the signing service, the limiters)
 * are made on first use and kept on the object: `next build` imports app code without starting
 * anything, and a process that never serves the revocation stream never listens for it.
 */
import { randomBytes } from "node:crypto";
import { Resolver } from "node:dns/promises";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { openReadReplica, type Db, type OpenDatabase } from "@/lib/db";
import { CHANGE_CHANNELS, type ChangeChannel, type ChangeListener } from "@/lib/db/change-notices";
import { openAppDatabase } from "@/lib/bootstrap/open-app-database";
import { createRevocationFeedHead, type RevocationFeedHead } from "@/lib/licensing/revocation-feed-head";
import { createRevocationFanOut, type RevocationFanOut } from "@/lib/licensing/revocation-fan-out";
import { createLogger, type Logger } from "@/lib/logger";
import { createSignInLimiter, type SignInLimiter } from "@/lib/auth/sign-in-limits";
import { createApiLimiter, type ApiLimiter } from "@/lib/http/api-limits";
import { clientAddress } from "@/lib/http/client-address";
import { startWorkerLoop } from "@/lib/jobs/worker-loop";
import { createKeyedHasher, formatMasterKeyRing, parseMasterKeyRing } from "@/lib/crypto";
import { configureAuditKeys } from "@/lib/audit/audit-keys";
import type { KeySecrets } from "@/lib/licensing/license-key-secrets";
import { ValidationTelemetry, type ValidationObservation } from "@/lib/licensing/validation-telemetry";
import {
  ClientJwksTelemetry,
  createHealthMetrics,
  type AlertThresholds,
  type ClientJwksReport,
  type HealthMetrics,
  responseTargets,
  type ResponseTargets,
} from "@/lib/health";
import { createSecondFactorLimiter, type SecondFactorLimiter, type SecondFactorSecrets } from "@/lib/mfa";
import { createResendMailer, devMailboxMailer, type Mailer } from "@/lib/notify";
import { createEmailRenderer } from "@/emails";
import { createOutgoingHttp, type OutgoingHttp } from "@/lib/net";
import { createSigningService, type SigningService } from "@/lib/signing";
import { createStatusSubscriptionLimiter, type StatusSubscriptionLimiter } from "@/lib/status";
import { ConfigurationError, publicOrigin, requirePublicOrigin, type Env } from "@/lib/config/env";
import { createDiskArtifactStore, createS3ArtifactStore, type ArtifactStore } from "@/lib/releases";

/** What the validate route records per answer: the counts, plus what the client said about its JWKS. */
export type ValidationRecord = ValidationObservation & { productId: string | null; clientJwks: ClientJwksReport };

export interface AppServices {
  env: Env;
  logger: Logger;
  now: () => Date;
  dataDir: string;
  isProduction: boolean;
  /** The dev mailbox shows sign-in links: never on in production unless explicitly enabled (e2e). */
  isDevMailboxEnabled: boolean;
  isWorkerInProcess: boolean;
  /** The portal's origin (no trailing slash), from REKEY_PUBLIC_URL alone: the base of every absolute URL. */
  portalUrl: string;
  publicUrl: (pathname?: string) => string;
  /** `iss` of every token and signed answer. */
  tokenIssuer: string;
  renewalUrl: string | undefined;
  /** For start-up: a production process without REKEY_PUBLIC_URL stops here, naming it. */
  requirePublicUrl: () => string;
  /** Every outgoing HTTP request goes through this one SSRF guard (lib/net). */
  outgoingHttp: OutgoingHttp;
  authSecret: () => string;
  /** Master key ring and lookup hasher; a malformed REKEY_MASTER_KEY stops the process here. */
  keySecrets: () => KeySecrets;
  /** What TOTP and recovery-code checks need: the ring, the hasher and the guess limiter. */
  secondFactorSecrets: () => Promise<SecondFactorSecrets>;
  db: () => Promise<Db>;
  /** Subscribes to a change channel of this process's database (lib/db/change-notices.ts). */
  listenForChanges: (channel: ChangeChannel, listener: ChangeListener) => Promise<void>;
  /**
   * The database online validation reads: DATABASE_REPLICA_URL when set (a streaming replica takes
   * the validate load off the primary; a revocation reaches it after the replication lag, usually
   * well under a second), otherwise the primary.
   */
  validationDb: () => Promise<Db>;
  signing: () => Promise<SigningService>;
  revocationFeedHead: () => Promise<RevocationFeedHead>;
  /** The process's one LISTEN-fed reader of the revocation feed, shared by every open stream. */
  revocationFanOut: () => Promise<RevocationFanOut>;
  /** The `/metrics` registry, made on first use (not at build, so `next build` starts no collectors). */
  healthMetrics: () => HealthMetrics;
  validationTelemetry: ValidationTelemetry<ValidationRecord>;
  /** Writes validation counts every `intervalMs`; started once per web process. */
  startValidationTelemetryFlush: (intervalMs?: number) => () => void;
  /** Turns outbox messages into HTML and text: for the mail provider and the dev mailbox alike. */
  renderEmail: ReturnType<typeof createEmailRenderer>;
  mailer: Mailer;
  /** Rate limits count in the database, so every app process shares one budget (lib/http/rate-limiter.ts). */
  consumeApiCall: ApiLimiter;
  consumeSignInAttempt: SignInLimiter;
  statusSubscriptionLimiter: () => Promise<StatusSubscriptionLimiter>;
  alertThresholds: AlertThresholds;
  /** Detection → notice → key replaced targets the health page and alerts measure against. */
  responseTargets: ResponseTargets;
  /** Starts the rotation/notification worker in this process. */
  startWorker: () => Promise<ReturnType<typeof startWorkerLoop>>;
  /** The address a request counts under for per-address limits, per REKEY_TRUSTED_PROXY_HOPS. */
  clientIp: (headers: Headers) => string;
  /** What a verifiable audit export needs: the signer of its checkpoints and where their keys are published. */
  auditExportDeps: () => Promise<{ signer: SigningService; issuer: string; jwksUrl: string }>;
  /** What use cases that notify customers need: the mailer and the base of links in notices. */
  noticeDeps: () => { mailer: Mailer; portalUrl: string };
  /** Where release artifacts live: S3-compatible storage when REKEY_ARTIFACTS_S3_BUCKET is set, else a directory. */
  artifactStore: () => ArtifactStore;
  /** DNS TXT lookups for domain verification (lib/identity), through REKEY_DNS_SERVERS when set. */
  resolveTxt: (name: string) => Promise<string[][]>;
}

interface DevSecrets {
  authSecret: string;
  masterKey: string;
  hmacSecret: string;
}

/** A value made on the first call and kept: a failed attempt is forgotten, so the next call retries. */
function once<Made>(make: () => Promise<Made>): () => Promise<Made> {
  let made: Promise<Made> | undefined;
  return () =>
    (made ??= make().catch((error: unknown) => {
      made = undefined;
      throw error;
    }));
}

function onceSync<Made>(make: () => Made): () => Made {
  let made: { value: Made } | undefined;
  return () => (made ??= { value: make() }).value;
}

export function createAppServices({ env, now = () => new Date() }: { env: Env; now?: () => Date }): AppServices {
  const logger = createLogger({ level: env.LOG_LEVEL });
  const dataDir = path.resolve(env.REKEY_DATA_DIR);
  const isProduction = env.NODE_ENV === "production";
  const portalUrl = publicOrigin(env);
  const publicUrl = (pathname = "/") => new URL(pathname, portalUrl).toString();
  const tokenIssuer = publicUrl("/");
  const dnsResolver = onceSync(() => {
    const resolver = new Resolver({ timeout: 5_000, tries: 2 });
    if (env.REKEY_DNS_SERVERS?.length) resolver.setServers(env.REKEY_DNS_SERVERS);
    return resolver;
  });

  /**
   * Secrets a developer should not have to invent: generated once into the data dir. Production
   * refuses to start without real ones (see `requireSecret`).
   */
  const devSecrets = onceSync((): DevSecrets => {
    const file = path.join(dataDir, "dev-secrets.json");
    if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as DevSecrets;
    // New secrets cannot open what the old ones sealed: say so now, instead of failing later on a
    // master key the developer never set (issue 16, item 13).
    if (existsSync(dataDir) && readdirSync(dataDir).length > 0 && !env.DATABASE_URL) {
      throw new ConfigurationError(
        `${file} is missing, but ${dataDir} still holds the database its secrets sealed: delete the ${env.REKEY_DATA_DIR} folder to start over with fresh demo data, or put the file back.`,
      );
    }
    mkdirSync(dataDir, { recursive: true });
    const generated = {
      authSecret: randomBytes(32).toString("base64url"),
      masterKey: formatMasterKeyRing([{ version: 1, key: randomBytes(32) }]),
      hmacSecret: randomBytes(32).toString("base64url"),
    };
    writeFileSync(file, JSON.stringify(generated, null, 2), { mode: 0o600 });
    logger.warn(
      { file },
      "DEVELOPMENT SECRETS GENERATED: a master key, HMAC secret and auth secret were written to this file. Anyone who can read it can decrypt every signing key. Set REKEY_MASTER_KEY, REKEY_HMAC_SECRET and AUTH_SECRET in production.",
    );
    return generated;
  });

  const requireSecret = (name: string, value: string | undefined, fallback: keyof DevSecrets): string => {
    if (value) return value;
    if (isProduction) throw new ConfigurationError(`${name} must be set in production (see .env.example).`);
    return devSecrets()[fallback];
  };

  const keySecrets = onceSync(
    (): KeySecrets => ({
      ring: parseMasterKeyRing(requireSecret("REKEY_MASTER_KEY", env.REKEY_MASTER_KEY, "masterKey")),
      hasher: createKeyedHasher(requireSecret("REKEY_HMAC_SECRET", env.REKEY_HMAC_SECRET, "hmacSecret")),
    }),
  );
  configureAuditKeys(() => keySecrets().ring);

  const openDatabase = once((): Promise<OpenDatabase> => {
    // Secrets first: `devSecrets` tells a fresh data dir from one that lost its secrets file by the
    // dir being empty, and opening the embedded database fills it.
    keySecrets();
    return openAppDatabase({
      databaseUrl: env.DATABASE_URL,
      dataDir,
      seedDemo: env.REKEY_SEED_DEMO,
      isProduction,
      logger,
      secrets: keySecrets,
    });
  });
  const db = async () => (await openDatabase()).db;
  const listenForChanges = async (channel: ChangeChannel, listener: ChangeListener) =>
    (await openDatabase()).listen(channel, listener);
  const replica = once(async () => (await openReadReplica(env.DATABASE_REPLICA_URL!)).db);

  const signing = once(async () => {
    const service = createSigningService({ db: await db(), ring: keySecrets().ring });
    await listenForChanges(CHANGE_CHANNELS.signingKeys, () => service.invalidate());
    return service;
  });

  const healthMetrics = onceSync(() => createHealthMetrics({ getDb: db }));
  const clientJwksTelemetry = new ClientJwksTelemetry({ deprecatedAlgorithms: env.REKEY_DEPRECATED_ALGORITHMS });
  const validationTelemetry = new ValidationTelemetry<ValidationRecord>((record) => {
    healthMetrics().recordValidation(record.code);
    clientJwksTelemetry.record({ at: record.at, productId: record.productId, report: record.clientJwks });
  });

  const renderEmail = createEmailRenderer({ baseUrl: portalUrl });
  const mailer: Mailer = env.RESEND_API_KEY
    ? createResendMailer({ apiKey: env.RESEND_API_KEY, from: env.EMAIL_FROM, render: renderEmail })
    : devMailboxMailer;
  const outgoingHttp = createOutgoingHttp({ allowPrivate: env.REKEY_OUTGOING_ALLOW_PRIVATE });

  const apiLimiter = once(async () =>
    createApiLimiter(await db(), {
      perIpPerMinute: env.REKEY_API_LIMIT_PER_IP,
      perKeyPerMinute: env.REKEY_API_LIMIT_PER_KEY,
    }),
  );
  const signInLimiter = once(async () =>
    createSignInLimiter(await db(), { perIpIn15Minutes: env.REKEY_SIGN_IN_LIMIT_PER_IP }),
  );
  const secondFactorLimiter = once(async (): Promise<SecondFactorLimiter> => createSecondFactorLimiter(await db()));
  const statusSubscriptionLimiter = once(async () => createStatusSubscriptionLimiter(await db()));
  const revocationFeedHead = once(async () => createRevocationFeedHead(await db(), listenForChanges));
  const revocationFanOut = once(async () =>
    createRevocationFanOut({ db: await db(), signer: await signing(), issuer: tokenIssuer, listen: listenForChanges }),
  );

  const alertThresholds: AlertThresholds = {
    oldKeyLicenses: env.REKEY_ALERT_OLD_KEY_LICENSES,
    staleClientPercent: env.REKEY_ALERT_STALE_CLIENT_PERCENT,
    deadOutbox: env.REKEY_ALERT_DEAD_OUTBOX,
    revocationP99Seconds: env.REKEY_ALERT_REVOCATION_P99_SECONDS,
    noticeTargetMinutes: env.REKEY_TARGET_NOTICE_MINUTES,
    keyReplacedTargetMinutes: env.REKEY_TARGET_KEY_REPLACED_MINUTES,
    failedValidationSpikeFactor: env.REKEY_ALERT_FAILED_VALIDATION_FACTOR,
  };

  return {
    env,
    logger,
    now,
    dataDir,
    isProduction,
    isDevMailboxEnabled: !isProduction || env.REKEY_DEV_MAILBOX,
    isWorkerInProcess: env.REKEY_WORKER_IN_PROCESS ? env.REKEY_WORKER_IN_PROCESS === "true" : !env.DATABASE_URL,
    portalUrl,
    responseTargets: responseTargets(alertThresholds),
    publicUrl,
    tokenIssuer,
    renewalUrl: env.REKEY_RENEWAL_URL,
    requirePublicUrl: () => requirePublicOrigin(env),
    outgoingHttp,
    authSecret: () => requireSecret("AUTH_SECRET", env.AUTH_SECRET, "authSecret"),
    keySecrets,
    secondFactorSecrets: async () => ({ ...keySecrets(), limiter: await secondFactorLimiter() }),
    db,
    listenForChanges,
    validationDb: env.DATABASE_REPLICA_URL ? replica : db,
    signing,
    revocationFeedHead,
    revocationFanOut,
    healthMetrics,
    validationTelemetry,
    startValidationTelemetryFlush(intervalMs = 10_000) {
      const timer = setInterval(() => {
        db()
          .then((opened) => Promise.all([validationTelemetry.flush(opened), clientJwksTelemetry.flush(opened)]))
          .catch((error: unknown) =>
            logger.warn({ err: error }, "validation telemetry flush failed; counts kept for the next attempt"),
          );
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
    renderEmail,
    mailer,
    consumeApiCall: async (caller) => (await apiLimiter())(caller),
    consumeSignInAttempt: async (attempt) => (await signInLimiter())(attempt),
    statusSubscriptionLimiter,
    alertThresholds,
    async startWorker() {
      return startWorkerLoop(
        {
          db: await db(),
          now,
          secrets: keySecrets(),
          mailer,
          outgoing: outgoingHttp,
          portalUrl,
          renewalUrl: env.REKEY_RENEWAL_URL,
          alerts: {
            thresholds: alertThresholds,
            recipients: env.REKEY_ALERT_EMAILS,
            dashboardUrl: publicUrl("/admin/health"),
          },
          auditCheckpoints: { signer: await signing(), issuer: tokenIssuer },
          signingKeySchedule: {
            activeDays: env.REKEY_SIGNING_KEY_ROTATE_DAYS,
            verifyOnlyDays: env.REKEY_SIGNING_KEY_VERIFY_ONLY_DAYS,
          },
        },
        { intervalMs: env.REKEY_WORKER_INTERVAL_MS, logger },
      );
    },
    clientIp: (headers) => clientAddress(headers, { trustedProxyHops: env.REKEY_TRUSTED_PROXY_HOPS }),
    auditExportDeps: async () => ({
      signer: await signing(),
      issuer: tokenIssuer,
      jwksUrl: publicUrl("/.well-known/jwks.json"),
    }),
    noticeDeps: () => ({ mailer, portalUrl }),
    artifactStore: onceSync(() => artifactStoreFor(env, dataDir)),
    resolveTxt: (name) => dnsResolver().resolveTxt(name),
  };
}

function artifactStoreFor(env: Env, dataDir: string): ArtifactStore {
  const bucket = env.REKEY_ARTIFACTS_S3_BUCKET;
  // Where releases are kept at run time, not code: the build must not trace the whole project for it.
  if (!bucket)
    return createDiskArtifactStore(
      path.resolve(/*turbopackIgnore: true*/ env.REKEY_ARTIFACTS_DIR ?? path.join(dataDir, "artifacts")),
    );
  return createS3ArtifactStore({
    bucket,
    endpoint: env.REKEY_ARTIFACTS_S3_ENDPOINT,
    region: env.REKEY_ARTIFACTS_S3_REGION,
    accessKeyId: requireSetting("REKEY_ARTIFACTS_S3_ACCESS_KEY_ID", env.REKEY_ARTIFACTS_S3_ACCESS_KEY_ID),
    secretAccessKey: requireSetting("REKEY_ARTIFACTS_S3_SECRET_ACCESS_KEY", env.REKEY_ARTIFACTS_S3_SECRET_ACCESS_KEY),
  });
}

function requireSetting(name: string, value: string | undefined): string {
  if (!value) throw new Error(`${name} is required when REKEY_ARTIFACTS_S3_BUCKET is set.`);
  return value;
}
