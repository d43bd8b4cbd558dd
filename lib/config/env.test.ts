import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

describe("REKEY_OUTGOING_ALLOW_PRIVATE", () => {
  it("stops a production process that would let webhooks reach internal addresses", () => {
    expect(() => parseEnv({ NODE_ENV: "production", REKEY_OUTGOING_ALLOW_PRIVATE: "true" })).toThrow(/REKEY_OUTGOING_ALLOW_PRIVATE/);
  });

  it("is accepted in a production build only when REKEY_DEV_MAILBOX marks it a test deployment", () => {
    expect(parseEnv({ NODE_ENV: "production", REKEY_OUTGOING_ALLOW_PRIVATE: "true", REKEY_DEV_MAILBOX: "true" }).REKEY_OUTGOING_ALLOW_PRIVATE).toBe(true);
  });

  it("is off unless set, in development too", () => {
    expect(parseEnv({ NODE_ENV: "development" }).REKEY_OUTGOING_ALLOW_PRIVATE).toBe(false);
    expect(parseEnv({ NODE_ENV: "development", REKEY_OUTGOING_ALLOW_PRIVATE: "true" }).REKEY_OUTGOING_ALLOW_PRIVATE).toBe(true);
  });
});
