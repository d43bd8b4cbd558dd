import { describe, expect, it } from "vitest";
import { inviteMemberSchema, relativeCallbackSchema, signInSchema } from "./index";

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
