import { describe, expect, it } from "vitest";
import { entitlesRelease, type LicenseForReleases } from "./release-entitlement";

const now = new Date("2026-12-01T00:00:00Z");
const license: LicenseForReleases = {
  productId: "product",
  editionId: "pro",
  featureIds: ["export"],
  status: "active",
  expiresAt: new Date("2027-06-01T00:00:00Z"),
  graceEndsAt: null,
  keptAfterExpiry: { featureIds: "all" },
};
const release = {
  productId: "product",
  requiredEditionId: null,
  requiredFeatureId: null,
  releasedAt: new Date("2026-11-01T00:00:00Z"),
};

describe("which releases a license entitles", () => {
  it("entitles a working license to its product's releases", () => {
    expect(entitlesRelease(license, release, now)).toBe(true);
    expect(entitlesRelease(license, { ...release, productId: "other" }, now)).toBe(false);
  });

  it("requires the edition and the feature a release names", () => {
    expect(entitlesRelease(license, { ...release, requiredEditionId: "pro" }, now)).toBe(true);
    expect(entitlesRelease(license, { ...release, requiredEditionId: "enterprise" }, now)).toBe(false);
    expect(entitlesRelease(license, { ...release, requiredFeatureId: "export" }, now)).toBe(true);
    expect(entitlesRelease(license, { ...release, requiredFeatureId: "sync" }, now)).toBe(false);
  });

  it("keeps an expired license's access to what was released before it expired, and nothing later", () => {
    const expired = { ...license, status: "expired" as const, expiresAt: new Date("2026-11-15T00:00:00Z") };
    expect(entitlesRelease(expired, release, now)).toBe(true);
    expect(entitlesRelease(expired, { ...release, releasedAt: new Date("2026-11-20T00:00:00Z") }, now)).toBe(false);
    const pastItsDate = { ...license, expiresAt: new Date("2026-11-15T00:00:00Z") };
    expect(entitlesRelease(pastItsDate, { ...release, releasedAt: new Date("2026-11-20T00:00:00Z") }, now)).toBe(false);
  });

  it("follows the edition's expiry strategy past the grace, as validation does (issue 18)", () => {
    const expired = { ...license, status: "expired" as const, expiresAt: new Date("2026-11-15T00:00:00Z") };
    const needsSync = { ...release, requiredFeatureId: "sync" };
    const needsExport = { ...release, requiredFeatureId: "export" };
    const revoked = { ...expired, keptAfterExpiry: null };
    expect(entitlesRelease(revoked, release, now)).toBe(false);
    expect(entitlesRelease({ ...revoked, graceEndsAt: new Date("2026-12-10T00:00:00Z") }, release, now)).toBe(true);
    const restricted = { ...expired, featureIds: ["export", "sync"], keptAfterExpiry: { featureIds: ["export"] } };
    expect(entitlesRelease(restricted, release, now)).toBe(true);
    expect(entitlesRelease(restricted, needsExport, now)).toBe(true);
    expect(entitlesRelease(restricted, needsSync, now)).toBe(false);
  });

  it("gives a suspended or revoked license nothing", () => {
    for (const status of ["suspended", "revoking", "revoked"] as const)
      expect(entitlesRelease({ ...license, status }, release, now), status).toBe(false);
  });
});
