import { describe, expect, it } from "vitest";
import { describeAccessAfterExpiry } from "./expiry-strategy";

const license = {
  entitlements: [
    { code: "export", name: "PDF export" },
    { code: "batch", name: "Batch render" },
  ],
  expiresAt: new Date("2027-03-31T23:59:59Z"),
};

describe("describeAccessAfterExpiry (what the portal says still works past the grace)", () => {
  it("names nothing for an edition that stops after the grace", () => {
    expect(describeAccessAfterExpiry({ expiryStrategy: "revoke_after_grace", featuresAfterExpiry: [] }, license)).toBe(
      null,
    );
  });

  it("names only the kept features this license has, by their names", () => {
    const edition = { expiryStrategy: "restrict", featuresAfterExpiry: ["export", "sync"] } as const;
    expect(describeAccessAfterExpiry(edition, license)).toBe("only PDF export keeps working");
    expect(describeAccessAfterExpiry({ ...edition, featuresAfterExpiry: ["batch", "export"] }, license)).toBe(
      "only PDF export, Batch render keep working",
    );
  });

  it("promises nothing when the restricted edition keeps none of this license's features", () => {
    expect(describeAccessAfterExpiry({ expiryStrategy: "restrict", featuresAfterExpiry: ["sync"] }, license)).toBe(
      null,
    );
  });

  it("dates the versions kept under maintain access by the expiry, and keeps none without one", () => {
    const edition = { expiryStrategy: "maintain_access", featuresAfterExpiry: [] } as const;
    expect(describeAccessAfterExpiry(edition, license)).toBe("versions released before 2027-03-31 keep working");
    expect(describeAccessAfterExpiry(edition, { ...license, expiresAt: null })).toBe(null);
  });
});
