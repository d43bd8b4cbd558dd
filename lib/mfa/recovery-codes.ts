import { randomInt } from "node:crypto";
import type { KeyedHasher } from "@/lib/crypto";

export const RECOVERY_CODE_COUNT = 10;
// Crockford-style alphabet without look-alikes (0/O, 1/I/L): codes are typed from paper.
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/** `XXXXX-XXXXX`: 10 characters of a 31-letter alphabet, about 49 bits each. */
export function generateRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** People type codes in any case, with or without the dash or spaces. */
export function normaliseRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, "");
}

export function recoveryCodeDigest(hasher: KeyedHasher, code: string): string {
  return hasher.digest("recovery-code", normaliseRecoveryCode(code));
}
