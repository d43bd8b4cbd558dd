import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { fingerprintHash } from "./fingerprint-hash.ts";

describe("fingerprint hash binding a license file to a device", () => {
  it("is unpadded base64url SHA-256 over the versioned, license-scoped input the portal uses", async () => {
    const licenseId = "5f0c6c3e-2d1b-4c7e-9a51-3f4b2e8d9a10";
    const expected = createHash("sha256").update(`rekey-fp:v1:${licenseId}:machine-ä`, "utf8").digest("base64url");

    expect(await fingerprintHash(licenseId, "machine-ä")).toBe(expected);
    expect(expected).not.toContain("=");
  });

  it("gives the same device unrelated hashes under different licenses", async () => {
    const first = await fingerprintHash("5f0c6c3e-2d1b-4c7e-9a51-3f4b2e8d9a10", "machine-a");
    const second = await fingerprintHash("0b8e3f7a-6c2d-4e91-8f5a-7d1c9b2e4a63", "machine-a");

    expect(first).not.toBe(second);
  });
});
