/**
 * The process's wiring object (lib/wiring/app-services.ts), built from the environment on first
 * use. App glue reaches it through `appServices()`; domain code receives what it needs as arguments.
 */
import { createAppServices, type AppServices } from "@/lib/wiring/app-services";
import { parseEnv } from "./env";

export type { AppServices, ValidationRecord } from "@/lib/wiring/app-services";

const slot = globalThis as unknown as { __rekeyAppServices?: AppServices };

export function appServices(): AppServices {
  if (!slot.__rekeyAppServices) {
    const services = createAppServices({ env: parseEnv(process.env) });
    /*
     * Auth.js builds sign-in links, callback URLs and its redirects from AUTH_URL when it is set, and
     * from the request's Host / X-Forwarded-Host when not (@auth/core createActionURL, next-auth
     * reqWithEnvURL): a forged Host then put an attacker's address into a genuine sign-in email.
     * Pinning it here, before any Auth.js code runs in this process, makes the sign-in action, the
     * /api/auth routes and auth() all use REKEY_PUBLIC_URL and never look at those headers. Set
     * unconditionally, so an AUTH_URL or NEXTAUTH_URL left in the environment cannot disagree.
     */
    process.env.AUTH_URL = services.portalUrl;
    delete process.env.NEXTAUTH_URL;
    slot.__rekeyAppServices = services;
  }
  return slot.__rekeyAppServices;
}

const services = appServices();

export const env = services.env;
export const logger = services.logger;
export const dataDir = services.dataDir;
export const isProduction = services.isProduction;
export const isDevMailboxEnabled = services.isDevMailboxEnabled;
export const outgoingHttp = services.outgoingHttp;
export const portalUrl = services.portalUrl;
export const publicUrl = services.publicUrl;
export const requirePublicUrl = services.requirePublicUrl;
export const getDb = services.db;
export const getAuthSecret = services.authSecret;
export const getKeySecrets = services.keySecrets;
export const getSecondFactorSecrets = services.secondFactorSecrets;
export const getSigningService = services.signing;
export const getHealthMetrics = services.healthMetrics;
export const getRevocationFeedHead = services.revocationFeedHead;
export const getRevocationFanOut = services.revocationFanOut;
export const getValidationDb = services.validationDb;
export const validationTelemetry = services.validationTelemetry;
export const startValidationTelemetryFlush = services.startValidationTelemetryFlush;
export const renderEmail = services.renderEmail;
export const mailer = services.mailer;
export const consumeApiCall = services.consumeApiCall;
export const consumeSignInAttempt = services.consumeSignInAttempt;
export const getStatusSubscriptionLimiter = services.statusSubscriptionLimiter;
export const isWorkerInProcess = services.isWorkerInProcess;
export const alertThresholds = services.alertThresholds;
export const startWorker = services.startWorker;
export const clientIp = services.clientIp;
export const tokenIssuer = services.tokenIssuer;
export const renewalUrl = services.renewalUrl;
export const auditExportDeps = services.auditExportDeps;
export const noticeDeps = services.noticeDeps;
