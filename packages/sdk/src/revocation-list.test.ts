import { describe, expect, it } from "vitest";
import { makeLicenseKey, makeRevocationEntry } from "../testing/factories.ts";
import { findRevocation, isRevocationEntry, isRevokedBy, REVOCATION_REASON_CODES } from "./revocation-list.ts";

describe("finding the revocation of a license or key", () => {
  it("finds a revoked license by its id, with or without a key", () => {
    const revoked = makeRevocationEntry({ kind: "license" });
    const licenseId = revoked.subject;

    expect(findRevocation([revoked], { licenseId })).toEqual(revoked);
    expect(findRevocation([revoked], { licenseId, key: makeLicenseKey() })).toEqual(revoked);
    expect(findRevocation([revoked], { licenseId: crypto.randomUUID() })).toBeNull();
  });

  it("finds a revoked key by its prefix however it is typed, only under its own license", () => {
    const licenseId = crypto.randomUUID();
    const key = makeLicenseKey();
    const revoked = makeRevocationEntry({ kind: "license_key", subject: key.slice(0, 7), licenseId });

    expect(findRevocation([revoked], { licenseId, key: key.toLowerCase().replaceAll("-", " ") })).toEqual(revoked);
    expect(findRevocation([revoked], { licenseId: crypto.randomUUID(), key })).toBeNull();
  });

  it("keeps a license and its other keys usable when one of its keys is revoked", () => {
    const licenseId = crypto.randomUUID();
    const entries = [makeRevocationEntry({ kind: "license_key", subject: "RK-7F3Q", licenseId })];

    expect(findRevocation(entries, { licenseId })).toBeNull();
    expect(findRevocation(entries, { licenseId, key: "RK-9W2M-K9M2-XW4D-8HNB-T" })).toBeNull();
    expect(findRevocation(entries, { licenseId, key: "not a key" })).toBeNull();
  });

  it("ignores revoked signing keys and devices, which do not revoke a license", () => {
    const licenseId = crypto.randomUUID();
    const entries = [
      makeRevocationEntry({ kind: "signing_key", subject: licenseId, licenseId: null }),
      makeRevocationEntry({ kind: "device", subject: licenseId, licenseId }),
    ];

    expect(findRevocation(entries, { licenseId })).toBeNull();
  });

  it("answers from a plain list or from anything with isRevoked", async () => {
    const revoked = makeRevocationEntry();

    expect(await isRevokedBy([revoked], { licenseId: revoked.subject })).toBe(true);
    expect(await isRevokedBy([], { licenseId: revoked.subject })).toBe(false);
    expect(await isRevokedBy({ isRevoked: async () => true }, { licenseId: revoked.subject })).toBe(true);
  });

  it("reads every published reason code, and still counts an entry whose code a newer portal added", () => {
    for (const reason of REVOCATION_REASON_CODES) expect(isRevocationEntry(makeRevocationEntry({ reason }))).toBe(true);
    const newer = makeRevocationEntry({ reason: "a_code_from_the_future" });
    expect(isRevocationEntry(newer)).toBe(true);
    expect(findRevocation([newer], { licenseId: newer.subject })).toBe(newer);
  });
});
