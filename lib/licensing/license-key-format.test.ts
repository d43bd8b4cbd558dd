import { describe, expect, it } from "vitest";
import { generateLicenseKey, maskLicenseKey, parseLicenseKey } from "./license-key-format";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

describe("license key format", () => {
  it("generates keys that look like RK-XXXX-XXXX-XXXX-XXXX-C and parse back to themselves", () => {
    for (let i = 0; i < 200; i += 1) {
      const key = generateLicenseKey();
      expect(key).toMatch(/^RK-([0-9A-HJKMNP-TV-Z]{4}-){4}[0-9A-HJKMNP-TV-Z]$/);
      expect(parseLicenseKey(key)).toEqual({ ok: true, canonical: key, prefix: key.slice(0, 7) });
    }
  });

  it("accepts what people paste: lower case, spaces, no dashes, O for zero, I and L for one", () => {
    const key = `RK-0011-ABCD-EFGH-JKMN-${checkSymbolFor("0011ABCDEFGHJKMN")}`;
    const sloppy = ` rk o0il abcd efgh jkmn ${key.slice(-1).toLowerCase()} `;
    expect(parseLicenseKey(sloppy)).toMatchObject({ ok: true, canonical: key });
  });

  it("catches every single mistyped symbol", () => {
    const key = generateLicenseKey();
    const symbols = key.replace(/^RK-/, "").replace(/-/g, "");
    for (let position = 0; position < symbols.length; position += 1) {
      for (const replacement of ALPHABET) {
        if (replacement === symbols[position]) continue;
        const typo = symbols.slice(0, position) + replacement + symbols.slice(position + 1);
        expect(parseLicenseKey(typo)).toEqual({ ok: false, reason: "checksum" });
      }
    }
  });

  it("reads a bare key that happens to start with RK as a key, not as a prefix", () => {
    const body = "RK00ABCDEFGHJKMN";
    expect(parseLicenseKey(body + checkSymbolFor(body))).toMatchObject({ ok: true, prefix: "RK-RK00" });
  });

  it("rejects the wrong length or foreign characters as a format problem", () => {
    expect(parseLicenseKey("RK-1234")).toEqual({ ok: false, reason: "format" });
    expect(parseLicenseKey("RK-1234-5678-9ABC-DEFG-!")).toEqual({ ok: false, reason: "format" });
    expect(parseLicenseKey("")).toEqual({ ok: false, reason: "format" });
  });

  it("masks everything but the prefix", () => {
    expect(maskLicenseKey("RK-7F3Q")).toBe("RK-7F3Q-••••-••••-••••-•");
  });
});

function checkSymbolFor(body: string): string {
  for (const candidate of ALPHABET) if (parseLicenseKey(body + candidate).ok) return candidate;
  throw new Error("no check symbol");
}
