/**
 * License keys as people type them: `RK-7F3Q-K9M2-XW4D-8HNB-T`. Crockford base32 (no I, L, O, U,
 * so nothing looks alike), 16 random symbols = 80 bits, grouped by four, and a Luhn mod 32 check
 * symbol that catches every single mistyped symbol and most swapped neighbours before a lookup.
 */
import { randomInt } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const BASE = ALPHABET.length;
const BODY_LENGTH = 16;
const PREFIX = "RK";

function luhnCheckSymbol(body: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = body.length - 1; i >= 0; i -= 1) {
    const product = factor * ALPHABET.indexOf(body[i]!);
    sum += Math.floor(product / BASE) + (product % BASE);
    factor = factor === 2 ? 1 : 2;
  }
  return ALPHABET[(BASE - (sum % BASE)) % BASE]!;
}

export function generateLicenseKey(): string {
  let body = "";
  for (let i = 0; i < BODY_LENGTH; i += 1) body += ALPHABET[randomInt(BASE)];
  const groups = body.match(/.{4}/g)!;
  return [PREFIX, ...groups, luhnCheckSymbol(body)].join("-");
}

export type ParsedLicenseKey =
  | { ok: true; canonical: string; prefix: string }
  | { ok: false; reason: "format" | "checksum" };

/**
 * Accepts what people paste: any case, spaces or dashes anywhere, O for 0 and I/L for 1.
 * `canonical` is the one spelling that is hashed for lookup.
 */
export function parseLicenseKey(input: string): ParsedLicenseKey {
  let symbols = input.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  // Length decides, not the letters: a bare key may itself begin with "RK".
  if (symbols.length === PREFIX.length + BODY_LENGTH + 1 && symbols.startsWith(PREFIX))
    symbols = symbols.slice(PREFIX.length);
  if (symbols.length !== BODY_LENGTH + 1 || [...symbols].some((symbol) => !ALPHABET.includes(symbol)))
    return { ok: false, reason: "format" };
  const body = symbols.slice(0, BODY_LENGTH);
  if (luhnCheckSymbol(body) !== symbols[BODY_LENGTH]) return { ok: false, reason: "checksum" };
  const groups = body.match(/.{4}/g)!;
  return { ok: true, canonical: [PREFIX, ...groups, symbols[BODY_LENGTH]].join("-"), prefix: `${PREFIX}-${groups[0]}` };
}

/** What may be shown anywhere, staff views included: the prefix and the shape, nothing more. */
export function maskLicenseKey(prefix: string): string {
  return `${prefix}-••••-••••-••••-•`;
}
