import { describe, expect, it } from "vitest";
import { inviteMemberSchema, relativeCallbackSchema, signInSchema } from "./index";
import { heartbeatRequestSchema, validateRequestSchema } from "./api";
import { createEditionSchema } from "./catalog";
import { rotationPreferencesSchema } from "./rotation";

describe("input validation", () => {
  it.each([
    ["/licenses/1", "/licenses/1"],
    ["/members?x=1", "/members?x=1"],
    ["//evil.example", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example/", "/"],
    ["javascript:alert(1)", "/"],
    [undefined, "/"],
    [`/${"a".repeat(1999)}`, `/${"a".repeat(1999)}`],
    // Was a thrown ZodError, so /signin?callbackUrl=<2001 characters> answered 500.
    [`/${"a".repeat(2000)}`, "/"],
  ])("only keeps same-site relative callback %s", (input, expected) => {
    expect(relativeCallbackSchema.parse(input)).toBe(expected);
  });

  it("normalises email addresses and names the field when one is wrong", () => {
    expect(signInSchema.parse({ email: "  Alice@ACME.example " }).email).toBe("alice@acme.example");
    const result = inviteMemberSchema.safeParse({ email: "nope", role: "king" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path[0]).sort()).toEqual(["email", "role"]);
  });
});

describe("rotation settings (issue 22)", () => {
  const settings = {
    licenseId: "6f1f0c1e-3b1a-4c1e-9a1b-1c1e3b1a4c1e",
    cadence: "90",
    weekdays: "2",
    startTime: "22:00",
    durationMinutes: "120",
    timeZone: "Europe/Berlin",
    leadDays: "14",
    overlapMinutes: "1440",
  };

  it("reads the rotate-with-renewal box as ticked or not", () => {
    expect(rotationPreferencesSchema.parse({ ...settings, alignWithRenewal: "on" }).alignWithRenewal).toBe(true);
    expect(rotationPreferencesSchema.parse(settings).alignWithRenewal).toBe(false);
  });

  it("names the rotate-with-renewal field when it carries anything but a tick", () => {
    const result = rotationPreferencesSchema.safeParse({ ...settings, alignWithRenewal: "yes please" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path[0])).toEqual(["alignWithRenewal"]);
  });
});

describe("the client version a client reports (issue 16, item 9)", () => {
  it("accepts a short printable version on validate and heartbeat, and leaves it out when none is sent", () => {
    const base = { key: "RK-7F3Q-K9M2-XW4D-8HNB-T", fingerprint: "machine-0001" };
    expect(validateRequestSchema.parse({ ...base, clientVersion: " 4.2.1 " }).clientVersion).toBe("4.2.1");
    expect(heartbeatRequestSchema.parse({ ...base, clientVersion: "2.0.0-beta.1+build.7" }).clientVersion).toBe(
      "2.0.0-beta.1+build.7",
    );
    expect(validateRequestSchema.parse(base)).not.toHaveProperty("clientVersion");
  });

  it.each([
    ["too long", "1".repeat(65), "at most 64"],
    ["empty", "   ", "must not be empty"],
    ["a control character", "4.2.1\u001b[31m", "printable ASCII"],
    ["a line break (a forged log or email line)", "4.2.1\nsupport: all clear", "printable ASCII"],
    ["not text", 421, "expected string"],
  ])("refuses a version that is %s, naming the field", (_case, clientVersion, message) => {
    const result = heartbeatRequestSchema.safeParse({ key: "RK-X", fingerprint: "machine-0001", clientVersion });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({
      path: ["clientVersion"],
      message: expect.stringContaining(message),
    });
  });
});

describe("an edition's usage quotas and strategies (issue 18)", () => {
  const edition = {
    productId: "00000000-0000-4000-8000-000000000001",
    code: "metered",
    name: "Metered",
    defaultSeats: "1",
    defaultTermDays: "365",
    defaultOfflineGraceDays: "7",
    reasonCategory: "customer_request",
    reason: "metered tier",
  };

  it("reads one quota a line as meter = amount / period, with the strategies' defaults", () => {
    const parsed = createEditionSchema.parse({
      ...edition,
      usageQuotas: "Exports = 10000 / month\n\nrenders=50 per day",
    });
    expect(parsed).toMatchObject({
      usageQuotas: [
        { meter: "exports", amount: 10_000, period: "month" },
        { meter: "renders", amount: 50, period: "day" },
      ],
      overageStrategy: "none",
      expiryStrategy: "revoke_after_grace",
      featureIdsAfterExpiry: [],
    });
  });

  it.each([
    ["exports = 10000", "Line 1"],
    ["exports = 0 / month", "Line 1"],
    ["exports = 5 / week", "Line 1"],
    ["exports = 5 / month\nexports = 6 / day", "repeats the meter"],
  ])("names the line of a bad quota (%s)", (usageQuotas, message) => {
    const parsed = createEditionSchema.safeParse({ ...edition, usageQuotas });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain(message);
  });
});
