import { openSecret, sealSecret, type MasterKeyRing } from "@/lib/crypto";

/** The secret is bound to its organization: a ciphertext copied to another row does not open. */
const clientSecretContext = (orgId: string) => `sso-client-secret:${orgId}`;

export const sealClientSecret = (ring: MasterKeyRing, orgId: string, secret: string) =>
  sealSecret(ring, secret, clientSecretContext(orgId));

export const openClientSecret = (ring: MasterKeyRing, row: { orgId: string; clientSecretCiphertext: string }) =>
  openSecret(ring, row.clientSecretCiphertext, clientSecretContext(row.orgId));
