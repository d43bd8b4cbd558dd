import { beforeAll } from "vitest";
import type { JSONWebKeySet } from "jose";
import { useTestDatabase } from "@/testing/test-database";
import type { SigningService } from "@/lib/signing";
import { fingerprintFactory, makeSigner, testSecrets } from "./factories";

/**
 * What every devices test file starts from: its own database, its own secrets, published signing
 * keys, and a fingerprint factory that remembers every fingerprint the file used, so the file can
 * end by proving none of them reached the database.
 */
export function useDeviceTestbed(now: () => Date) {
  const database = useTestDatabase();
  const secrets = testSecrets();
  const fingerprints = fingerprintFactory();
  let signing: { signer: SigningService; jwks: JSONWebKeySet } | undefined;
  beforeAll(async () => {
    signing = await makeSigner(database.db, secrets, now);
  });
  const signed = () => {
    if (!signing) throw new Error("useDeviceTestbed: signing keys exist only inside tests and hooks");
    return signing;
  };
  return {
    secrets,
    fingerprints,
    get db() {
      return database.db;
    },
    get signer() {
      return signed().signer;
    },
    get jwks() {
      return signed().jwks;
    },
  };
}
