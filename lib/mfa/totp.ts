import { Secret, TOTP } from "otpauth";

/**
 * RFC 6238 defaults (SHA-1, 6 digits, 30 s): the only parameters every authenticator app honours.
 * One step either side is accepted for clock drift between the phone and the server.
 */
const PERIOD_SECONDS = 30;
const DRIFT_STEPS = 1;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function buildTotp(secretBase32: string, label = "Rekey"): TOTP {
  return new TOTP({
    issuer: "Rekey",
    label,
    algorithm: "SHA1",
    digits: 6,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** The `otpauth://` URI an authenticator app reads from the enrolment QR code. */
export function totpUri(secretBase32: string, accountEmail: string): string {
  return buildTotp(secretBase32, accountEmail).toString();
}

export const isTotpCodeShaped = (code: string) => /^\d{6}$/.test(code);

/**
 * The time step a code belongs to, or null if it matches none within the drift window. Callers
 * refuse steps at or below the last one used, so a code seen over a shoulder cannot be replayed.
 */
export function matchTotpStep(secretBase32: string, code: string, now: Date): number | null {
  if (!isTotpCodeShaped(code)) return null;
  const delta = buildTotp(secretBase32).validate({ token: code, timestamp: now.getTime(), window: DRIFT_STEPS });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 1000 / PERIOD_SECONDS) + delta;
}

/** The code an authenticator shows at `at`; for tests and the e2e fixture, never for the server's own checks. */
export function totpCodeAt(secretBase32: string, at: Date): string {
  return buildTotp(secretBase32).generate({ timestamp: at.getTime() });
}
