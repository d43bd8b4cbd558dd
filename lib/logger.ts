import pino from "pino";

/**
 * One logger. Redaction is the backstop, not the plan: secrets are never passed to it on purpose,
 * and these paths catch the names they would travel under if someone slipped.
 */
export const REDACT_PATHS = [
  "key",
  "*.key",
  "licenseKey",
  "*.licenseKey",
  "token",
  "*.token",
  "secret",
  "*.secret",
  "password",
  "*.password",
  "authorization",
  "*.authorization",
  "cookie",
  "*.cookie",
  "url",
  "*.url",
  "fingerprint",
  "*.fingerprint",
];

export function createLogger({ level = "info" }: { level?: string } = {}) {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: "[redacted]" }, base: { app: "rekey" } });
}

export type Logger = ReturnType<typeof createLogger>;
