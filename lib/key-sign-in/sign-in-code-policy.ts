import { randomInt } from "node:crypto";

/**
 * Sign-in by license key (issue 20), its rules in one place. Only licenses of exactly one seat
 * allow it: the issue names single-user licenses, and a key shared by a team would let whoever
 * has it in with their own address. The code is short enough to type and, at SIGN_IN_CODE_ATTEMPTS
 * tries per code and the sign-in limiter's budget per address, key and client, far from guessable.
 */
export const LICENSE_KEY_SIGN_IN_SEATS = 1;
/** The sign-in page's path: emails link back to it (absolute, from REKEY_PUBLIC_URL). */
export const LICENSE_KEY_SIGN_IN_PATH = "/signin/license-key";
export const SIGN_IN_CODE_DIGITS = 6;
export const SIGN_IN_CODE_MINUTES = 10;
export const SIGN_IN_CODE_ATTEMPTS = 5;

/** A uniformly random code of SIGN_IN_CODE_DIGITS digits, leading zeros kept. */
export function generateSignInCode(): string {
  return String(randomInt(0, 10 ** SIGN_IN_CODE_DIGITS)).padStart(SIGN_IN_CODE_DIGITS, "0");
}
