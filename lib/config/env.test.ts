import { describe, expect, it } from "vitest";
import { DEVELOPMENT_PUBLIC_URL, parseEnv, publicOrigin, requirePublicOrigin } from "./env";

describe("REKEY_PUBLIC_URL", () => {
  it("refuses to start in production when it is unset, naming the variable", () => {
    const env = parseEnv({ NODE_ENV: "production" });
    expect(() => requirePublicOrigin(env)).toThrow(/REKEY_PUBLIC_URL must be set in production/);
  });

  it("is the development address when unset outside production", () => {
    expect(requirePublicOrigin(parseEnv({ NODE_ENV: "development" }))).toBe(DEVELOPMENT_PUBLIC_URL);
  });

  it("is used as an origin, without a trailing slash", () => {
    expect(
      requirePublicOrigin(parseEnv({ NODE_ENV: "production", REKEY_PUBLIC_URL: "https://portal.example.com/" })),
    ).toBe("https://portal.example.com");
    expect(publicOrigin(parseEnv({ REKEY_PUBLIC_URL: "http://localhost:3100" }))).toBe("http://localhost:3100");
  });

  it.each([
    "https://portal.example.com/rekey",
    "https://user:pass@portal.example.com",
    "https://portal.example.com/?x=1",
    "javascript:alert(1)",
    "ftp://portal.example.com",
    "portal.example.com",
  ])("rejects %s: links are built on an http(s) origin only", (value) => {
    expect(() => parseEnv({ REKEY_PUBLIC_URL: value })).toThrow(/REKEY_PUBLIC_URL/);
  });
});

describe("REKEY_OUTGOING_ALLOW_PRIVATE", () => {
  it("stops a production process that would let webhooks reach internal addresses", () => {
    expect(() => parseEnv({ NODE_ENV: "production", REKEY_OUTGOING_ALLOW_PRIVATE: "true" })).toThrow(
      /REKEY_OUTGOING_ALLOW_PRIVATE/,
    );
  });

  it("is accepted in a production build only when REKEY_DEV_MAILBOX marks it a test deployment", () => {
    expect(
      parseEnv({ NODE_ENV: "production", REKEY_OUTGOING_ALLOW_PRIVATE: "true", REKEY_DEV_MAILBOX: "true" })
        .REKEY_OUTGOING_ALLOW_PRIVATE,
    ).toBe(true);
  });

  it("is off unless set, in development too", () => {
    expect(parseEnv({ NODE_ENV: "development" }).REKEY_OUTGOING_ALLOW_PRIVATE).toBe(false);
    expect(
      parseEnv({ NODE_ENV: "development", REKEY_OUTGOING_ALLOW_PRIVATE: "true" }).REKEY_OUTGOING_ALLOW_PRIVATE,
    ).toBe(true);
  });
});
