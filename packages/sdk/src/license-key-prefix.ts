/**
 * The public prefix of a license key (`RK-7F3Q`): what the portal may show and publish, e.g. in
 * the revocation feed, where a key is named by its prefix and its license, never by the key.
 */

/** The 17 Crockford base32 symbols after `RK`: 16 random, 1 check. */
const KEY_SYMBOLS = /^[0-9A-HJKMNP-TV-Z]{17}$/;

/**
 * The prefix spelled as the portal stores it, or null when the text is not shaped like a key.
 * Normalises as the portal reads keys (lib/licensing/license-key-format.ts): any case, spaces and
 * dashes anywhere, O for 0, I and L for 1, with or without the leading `RK`. The check symbol is
 * not verified: it cannot change the prefix.
 */
export function parseLicenseKeyPrefix(key: string): string | null {
  let symbols = key.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  // Length decides, not the letters: a bare key may itself begin with "RK".
  if (symbols.length === 19 && symbols.startsWith("RK")) symbols = symbols.slice(2);
  return KEY_SYMBOLS.test(symbols) ? `RK-${symbols.slice(0, 4)}` : null;
}
