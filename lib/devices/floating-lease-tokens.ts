import { candidateScopes, type SigningService } from "@/lib/signing";
import {
  FLOATING_LEASE_AUDIENCE,
  LICENSE_FILE_VERSION,
  type FloatingLeaseClaims,
  type LicenseClaims,
} from "@rekey/sdk";
import { isTrialEdition } from "@/lib/licensing/trial";
import type { ClientLicense } from "./client-license";
import type { FloatingLease } from "./floating-lease-transitions";

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

interface SignedFor {
  signer: SigningService;
  issuer: string;
  now: Date;
}

/** The signed lease: which machine (`fph`) holds which lease of which license, until `exp`. */
export async function signFloatingLease(
  { signer, issuer, now }: SignedFor,
  {
    client,
    lease,
    fingerprintHash,
    nonce,
  }: { client: ClientLicense; lease: FloatingLease; fingerprintHash: string; nonce: string | null },
): Promise<string> {
  const claims: FloatingLeaseClaims & { iss: string; aud: string } = {
    iss: issuer,
    aud: FLOATING_LEASE_AUDIENCE,
    sub: client.license.id,
    lease: lease.id,
    fph: fingerprintHash,
    product: client.productCode,
    kind: lease.kind,
    iat: seconds(now),
    exp: seconds(lease.expiresAt),
    nonce,
  };
  const { token } = await signer.sign(
    { ...claims },
    { scopes: candidateScopes(client.license.productId, client.license.editionId) },
  );
  return token;
}

/**
 * A borrowed seat's license file: the standard claims (so PyJWT or any JOSE library verifies it
 * with the JWKS alone), bound to this machine by `fph`, naming the `lease`, and ending with the
 * borrowing: `exp` is the lease's end and `grace_days` is 0, because the seat goes back to the
 * pool at `exp` and another machine may be holding it by then.
 */
export async function signBorrowedLicenseFile(
  { signer, issuer, now }: SignedFor,
  { client, lease, fingerprintHash }: { client: ClientLicense; lease: FloatingLease; fingerprintHash: string },
): Promise<string> {
  const { license } = client;
  const claims: LicenseClaims = {
    iss: issuer,
    sub: license.id,
    aud: client.productCode,
    iat: seconds(now),
    nbf: seconds(now),
    exp: seconds(lease.expiresAt),
    ver: LICENSE_FILE_VERSION,
    edition: client.editionCode,
    trial: isTrialEdition(client.editionCode),
    seats: license.seats,
    entitlements: [...client.entitlementCodes].sort(),
    grace_days: 0,
    license_expires_at: license.expiresAt ? seconds(license.expiresAt) : null,
    fph: fingerprintHash,
    lease: lease.id,
    borrowed: true,
  };
  const { token } = await signer.sign({ ...claims }, { scopes: candidateScopes(license.productId, license.editionId) });
  return token;
}
