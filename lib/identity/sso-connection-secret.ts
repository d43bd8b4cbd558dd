import { openSecret, sealSecret, type MasterKeyRing } from "@/lib/crypto";

/** The secret is bound to its organization: a ciphertext copied to another row does not open. */
export const ssoClientSecretContext = (orgId: string) => `sso-client-secret:${orgId}`;

export const sealClientSecret = (ring: MasterKeyRing, orgId: string, secret: string) =>
  sealSecret(ring, secret, ssoClientSecretContext(orgId));

export const openClientSecret = (ring: MasterKeyRing, row: { orgId: string; clientSecretCiphertext: string }) =>
  openSecret(ring, row.clientSecretCiphertext, ssoClientSecretContext(row.orgId));
