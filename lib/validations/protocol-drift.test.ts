import { describe, expect, it } from "vitest";
import {
  KEY_EXCHANGE_TOKEN_AUDIENCE,
  type OnlineValidationCode,
  REVOCATIONS_TOKEN_AUDIENCE,
  VALIDATION_CODES,
  VALIDATION_TOKEN_AUDIENCE,
} from "@rekey/sdk";
import { REVOCATIONS_AUDIENCE, VALIDATION_AUDIENCE, VALIDATION_CODE_GUIDE } from "@/lib/licensing";
import { validateResponseSchema } from "./api";

/**
 * Issue 17: the client API's contract is defined once, in the SDK's protocol module. These fail if
 * the server grows its own copy again: a code the server answers that the SDK does not know (or the
 * other way round), or a token signed for an audience the SDK does not verify.
 */
describe("the server speaks the SDK's protocol", () => {
  it("answers exactly the validation codes the SDK knows", () => {
    expect(validateResponseSchema.shape.code.options).toEqual([...VALIDATION_CODES]);
    const sdkCodes: readonly OnlineValidationCode[] = validateResponseSchema.shape.code.options;
    expect(Object.keys(VALIDATION_CODE_GUIDE).sort()).toEqual([...sdkCodes].sort());
  });

  it("signs validation answers and revocation pages for the audiences the SDK verifies", () => {
    expect(VALIDATION_AUDIENCE).toBe(VALIDATION_TOKEN_AUDIENCE);
    expect(REVOCATIONS_AUDIENCE).toBe(REVOCATIONS_TOKEN_AUDIENCE);
    expect(new Set([VALIDATION_TOKEN_AUDIENCE, REVOCATIONS_TOKEN_AUDIENCE, KEY_EXCHANGE_TOKEN_AUDIENCE]).size).toBe(3);
  });
});
