import { beforeAll } from "vitest";
import type { JSONWebKeySet } from "jose";
import { useTestDatabase } from "@/testing/test-database";
import { recordDevicePresentation } from "@/lib/devices";
import { validateLicenseKey } from "@/lib/licensing";
import { devMailboxMailer } from "@/lib/notify";
import type { SigningService } from "@/lib/signing";
import { fingerprintFactory, makeSigner, testSecrets } from "./factories";

const TESTBED_PORTAL = "https://portal.example";

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
    /** What the device API's use cases need besides the request: a caller at a documentation address. */
    deviceDeps() {
      return {
        hasher: secrets.hasher,
        signer: signed().signer,
        issuer: `${TESTBED_PORTAL}/`,
        portalUrl: TESTBED_PORTAL,
        mailer: devMailboxMailer,
        caller: { ip: "203.0.113.7" },
      };
    },
    /** What the validate route does: answer, then note a device's new key or client version once. */
    async validateLikeTheRoute(input: { key: string; fingerprint: string; clientVersion?: string }) {
      const result = await validateLicenseKey(database.db, input, {
        hasher: secrets.hasher,
        now: now(),
        portalUrl: TESTBED_PORTAL,
      });
      const { deviceToNote, licenseKeyId } = result.subject ?? {};
      if (deviceToNote && licenseKeyId)
        await recordDevicePresentation(database.db, {
          deviceId: deviceToNote,
          licenseKeyId,
          clientVersion: input.clientVersion,
          at: now(),
        });
      return result;
    },
  };
}
