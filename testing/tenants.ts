/**
 * Two customer organisations with one of everything a route can name by id (license, key, device,
 * channel, member, completed rotation), built through the use cases: the world the isolation probe
 * and the bad-input fuzzer attack. Org A is the victim; org B's owner is the caller.
 */
import { devMailboxMailer } from "@/lib/notify";
import { addEmailChannel } from "@/lib/notify/channels";
import { activateDevice } from "@/lib/devices";
import { emergencyRotate } from "@/lib/rotation";
import { inviteMember } from "@/lib/orgs";
import type { Db } from "@/lib/db";
import { openLicenseKey, type KeySecrets } from "@/lib/licensing/license-key-secrets";
import type { SigningService } from "@/lib/signing";
import { createApiToken, createCustomerApiToken } from "@/lib/api-tokens";
import { floatingLeases } from "@/lib/db/schema";
import { CUSTOMER_API_TOKEN_SCOPES } from "@/lib/validations/customer-api-tokens";
import { addOrgDomain, authenticateScimToken, createScimUser, rotateScimToken } from "@/lib/identity";
import { apiCtx, makeLicenseWithKey, makeUser, staffCtx } from "./factories";
import { makePublishedRelease, temporaryArtifactStore } from "./release-factories";

const PORTAL = "http://localhost:3000";

export interface Tenant {
  orgId: string;
  ownerId: string;
  licenseId: string;
  keyId: string;
  key: string;
  productCode: string;
  productId: string;
  editionId: string;
  deviceId: string;
  fingerprint: string;
  channelId: string;
  memberUserId: string;
  /** A completed rotation of the license: what after-rotation feedback and the email links name. */
  rotationId: string;
  /** An email domain the organization claimed (not yet verified). */
  orgDomainId: string;
  /** A `full` management API token (vendor-wide, made by an admin), so the fuzzer reaches past authentication. */
  managementToken: string;
  /** A held floating lease on the license (issue 18): what the owner's Release names. */
  floatingLeaseId: string;
  /** A published release of the license's product, with one file: what the Downloads routes name. */
  releaseId: string;
  artifactId: string;
  /** The organization's own API token with every customer scope (issue 17), and its id. */
  customerToken: string;
  customerTokenId: string;
  /** The organization's SCIM token (issue 20) and a User its directory created. */
  scimToken: string;
  scimUserId: string;
}

async function makeTenant(
  db: Db,
  secrets: KeySecrets,
  signer: SigningService,
  now: () => Date,
  label: string,
): Promise<Tenant> {
  const { org, user, license, ctx } = await makeLicenseWithKey(db, secrets, { now });
  // Rotated before anything else, so the device and every key-scoped probe use the key it issued.
  const rotation = await emergencyRotate(ctx, { licenseId: license.id, reason: "probe fixture" }, { secrets });
  const [activeKey] = await db.query.licenseKeys.findMany({
    where: (keys, { and, eq }) => and(eq(keys.licenseId, license.id), eq(keys.state, "active")),
  });
  const key = { keyId: activeKey!.id, plaintext: openLicenseKey(secrets.ring, activeKey!) };
  const fingerprint = `${label}-workstation-fingerprint`;
  const deps = {
    hasher: secrets.hasher,
    signer,
    issuer: `${PORTAL}/`,
    portalUrl: PORTAL,
    mailer: devMailboxMailer,
    caller: { ip: "203.0.113.9" },
  };
  const { device } = await activateDevice(
    apiCtx(db, now),
    { key: key.plaintext, fingerprint, name: `${label}-workstation` },
    deps,
  );
  const channel = await addEmailChannel(
    ctx,
    { email: `alerts-${label}@test.example` },
    { mailer: devMailboxMailer, portalUrl: PORTAL },
  );
  const member = await inviteMember(
    ctx,
    { email: `member-${label}-${org.id.slice(0, 8)}@test.example`, role: "member" },
    { mailer: devMailboxMailer },
  );
  const domain = await addOrgDomain(ctx, { domain: `${label}-${org.id.slice(0, 8)}.test.example` });
  const admin = await makeUser(db, { staffRole: "admin" });
  const token = await createApiToken(
    staffCtx(db, admin, "admin", now),
    { name: `probe ${label}`, scope: "full", expiresOn: null, reason: "probe fixture", reasonCategory: "other" },
    { hasher: secrets.hasher },
  );
  // Written directly: the tenant's license counts devices, and only the lease's id and owner matter
  // to the probes (checkout itself is tested in lib/devices/floating-leases.test.ts).
  const [floatingLease] = await db
    .insert(floatingLeases)
    .values({
      licenseId: license.id,
      fingerprintDigest: `probe-${label}-lease`,
      holderName: `${label}-floating-holder`,
      checkedOutAt: now(),
      expiresAt: new Date(now().getTime() + 15 * 60_000),
    })
    .returning();
  const { release } = await makePublishedRelease(
    db,
    { productId: license.productId, version: "1.0.0", now },
    { store: temporaryArtifactStore(), signer },
  );
  const [productRow] = await db.query.products.findMany({
    where: (products, { eq }) => eq(products.id, license.productId),
  });
  const customerToken = await createCustomerApiToken(
    ctx,
    { signedInAt: now(), secondFactor: { isEnrolled: false, isVerified: false } },
    { name: `probe ${label} pipeline`, scopes: [...CUSTOMER_API_TOKEN_SCOPES], lifetimeDays: 30 },
    { hasher: secrets.hasher },
  );
  const scimToken = (await rotateScimToken(ctx, { hasher: secrets.hasher })).value.reveal();
  const scimUser = await createScimUser(
    await authenticateScimToken(db, now(), `Bearer ${scimToken}`, { hasher: secrets.hasher }),
    { schemas: [], userName: `scim-${label}-${org.id.slice(0, 8)}@probe.example`, active: true },
  );
  return {
    orgId: org.id,
    ownerId: user.id,
    licenseId: license.id,
    keyId: key.keyId,
    key: key.plaintext,
    productCode: productRow!.code,
    productId: license.productId,
    editionId: license.editionId,
    deviceId: device.id,
    fingerprint,
    channelId: channel.channelId,
    memberUserId: member.userId,
    rotationId: rotation.id,
    orgDomainId: domain.id,
    managementToken: token.value.reveal(),
    floatingLeaseId: floatingLease!.id,
    releaseId: release.id,
    artifactId: release.artifacts[0]!.id,
    customerToken: customerToken.value.reveal(),
    customerTokenId: customerToken.token.id,
    scimToken,
    scimUserId: scimUser.id,
  };
}

export async function makeTwoTenants(db: Db, secrets: KeySecrets, signer: SigningService, now: () => Date) {
  return { a: await makeTenant(db, secrets, signer, now, "a"), b: await makeTenant(db, secrets, signer, now, "b") };
}
