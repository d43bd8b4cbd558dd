/**
 * Factories for tests: each call makes new, uniquely named rows, so tests never share mutable
 * fixtures. Organisations and licenses are inserted directly because creating them is a vendor
 * back-office action outside the portal; everything after that goes through the use cases.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { createKeyedHasher, parseMasterKeyRing } from "@/lib/crypto";
import { issueLicenseKey, issueLicenseKeys, type KeySecrets } from "@/lib/licensing/license-key-secrets";
import type { Actor, Ctx, OrgCtx, StaffCtx } from "@/lib/context";
import { admitToKeyMaterial } from "@/lib/licensing/key-material-gate";
import type { Db } from "@/lib/db";
import { insertRows } from "@/lib/db/json-rows";
import * as t from "@/lib/db/schema";
import { createSigningService, ensureSigningKeys } from "@/lib/signing";
import { devMailboxMailer } from "@/lib/notify";

export const fixedNow = (iso = "2026-11-23T12:00:00Z") => {
  const now = new Date(iso);
  return () => new Date(now);
};

const unique = () => randomUUID().slice(0, 8);

/** Fresh secrets per call: tests never share key material. */
export function testSecrets(): KeySecrets {
  return {
    ring: parseMasterKeyRing(`v1:${randomBytes(32).toString("base64")}`),
    hasher: createKeyedHasher(randomBytes(32).toString("hex")),
  };
}

export async function makeUser(db: Db, fields: Partial<typeof t.users.$inferInsert> = {}) {
  const [user] = await db
    .insert(t.users)
    .values({ email: `user-${unique()}@test.example`, ...fields })
    .returning();
  return user!;
}

/** The person with this email and their role in the organization (undefined role: not a member). */
export async function findPersonInOrg(db: Db, orgId: string, email: string) {
  const [person] = await db
    .select({ userId: t.users.id, role: t.orgMembers.role })
    .from(t.users)
    .leftJoin(t.orgMembers, and(eq(t.orgMembers.userId, t.users.id), eq(t.orgMembers.orgId, orgId)))
    .where(eq(t.users.email, email));
  return person;
}

export async function makeOrg(db: Db, { role = "owner" as "owner" | "member" } = {}) {
  const suffix = unique();
  const [org] = await db
    .insert(t.organizations)
    .values({ name: `Org ${suffix}`, slug: `org-${suffix}` })
    .returning();
  const user = await makeUser(db);
  await db.insert(t.orgMembers).values({ orgId: org!.id, userId: user.id, role });
  return { org: org!, user };
}

export function orgCtx(
  db: Db,
  {
    orgId,
    user,
    role = "owner",
    now = fixedNow(),
  }: { orgId: string; user: { id: string; email: string }; role?: "owner" | "member"; now?: () => Date },
): OrgCtx {
  return { db, now, orgId, memberRole: role, actor: { type: "user", userId: user.id, email: user.email } };
}

/** The key-material gate's pass for a customer who just signed in (no second factor; tests of the gate itself vary these). */
export function keyMaterialPass(ctx: OrgCtx, licenseId: string) {
  return admitToKeyMaterial(
    ctx,
    { signedInAt: ctx.now(), secondFactor: { isEnrolled: false, isVerified: false } },
    { licenseId },
  );
}

export function staffCtx(
  db: Db,
  user: { id: string; email: string },
  role: "support" | "admin" = "support",
  now = fixedNow(),
): StaffCtx {
  return { db, now, actor: { type: "staff", userId: user.id, email: user.email, role } };
}

export const systemActor: Actor = { type: "system", label: "test" };

export async function makeProduct(db: Db, { editionCode = "standard" }: { editionCode?: string } = {}) {
  const suffix = unique();
  const [product] = await db
    .insert(t.products)
    .values({ code: `p-${suffix}`, name: `Product ${suffix}` })
    .returning();
  const [edition] = await db
    .insert(t.editions)
    .values({
      productId: product!.id,
      code: editionCode,
      name: editionCode.charAt(0).toUpperCase() + editionCode.slice(1),
    })
    .returning();
  const featureRows = await db
    .insert(t.features)
    .values([
      { productId: product!.id, code: "export", name: "Export" },
      { productId: product!.id, code: "sync", name: "Sync" },
    ])
    .returning();
  return { product: product!, edition: edition!, features: featureRows };
}

/** `editionCode` picks the edition the license is on (e.g. `enterprise`, `trial`); `standard` by default. */
export type LicenseFields = Partial<typeof t.licenses.$inferInsert> & { editionCode?: string };

export async function makeLicense(db: Db, orgId: string, { editionCode, ...fields }: LicenseFields = {}) {
  const { product, edition, features } = await makeProduct(db, { editionCode });
  const [license] = await db
    .insert(t.licenses)
    .values({
      orgId,
      productId: product.id,
      editionId: edition.id,
      seats: 3,
      startsAt: new Date("2026-01-01T00:00:00Z"),
      expiresAt: new Date("2027-01-01T00:00:00Z"),
      ...fields,
    })
    .returning();
  await db
    .insert(t.licenseEntitlements)
    .values(features.map((feature) => ({ licenseId: license!.id, featureId: feature.id })));
  return license!;
}

/** A customer's license with an active key: where device tests start. */
export async function makeLicenseWithKey(
  db: Db,
  secrets: KeySecrets,
  { now = fixedNow(), ...fields }: LicenseFields & { now?: () => Date } = {},
) {
  const { org, user } = await makeOrg(db);
  const license = await makeLicense(db, org.id, fields);
  const key = await db.transaction((tx) =>
    issueLicenseKey(
      tx,
      { db, now, actor: systemActor },
      { licenseId: license.id, orgId: org.id, state: "active", secrets },
    ),
  );
  return { org, user, license, key, ctx: orgCtx(db, { orgId: org.id, user, now }) };
}

/** Client software calling the public API. */
export function apiCtx(db: Db, now = fixedNow()): Ctx {
  return { db, now, actor: { type: "api", label: "test-client" } };
}

/**
 * Fingerprints for one test file: unique per call, and remembered, so the file can finish by
 * proving that none of them reached the database in any form.
 */
export function fingerprintFactory() {
  const issued: string[] = [];
  return {
    issued,
    next(label = "machine"): string {
      const fingerprint = `${label}-${randomUUID()}`;
      issued.push(fingerprint);
      return fingerprint;
    },
  };
}

/** The signing service over a test database, with its active keys made and published. */
export async function makeSigner(db: Db, secrets: KeySecrets, now = fixedNow()) {
  await ensureSigningKeys({ db, now, actor: systemActor }, { ring: secrets.ring });
  const signer = createSigningService({ db, ring: secrets.ring });
  return { signer, jwks: { keys: await signer.publicKeys() } };
}

/**
 * A customer's license with an active key and the organisation's rotation preference (Tuesdays
 * 22:00 Berlin, notices 14/3/1 days ahead): where rotation tests start.
 */
export async function makeRotatingLicense(
  db: Db,
  secrets: KeySecrets,
  {
    now,
    cadenceDays = 30,
    overlapMinutes = 7 * 24 * 60,
    alignWithRenewal = false,
  }: { now: () => Date; cadenceDays?: number | null; overlapMinutes?: number; alignWithRenewal?: boolean },
) {
  const { org, user } = await makeOrg(db);
  const license = await makeLicense(db, org.id, { expiresAt: new Date("2028-01-01T00:00:00Z") });
  const key = await db.transaction((tx) =>
    issueLicenseKey(
      tx,
      { db, now, actor: systemActor },
      { licenseId: license.id, orgId: org.id, state: "active", secrets },
    ),
  );
  await db.insert(t.rotationPreferences).values({
    orgId: org.id,
    cadenceDays,
    windowWeekdays: [2],
    windowStartMinute: 22 * 60,
    windowDurationMinutes: 120,
    timeZone: "Europe/Berlin",
    noticeLeadDays: [14, 3, 1],
    overlapMinutes,
    alignWithRenewal,
  });
  return { org, user, license, key, ctx: orgCtx(db, { orgId: org.id, user, now }) };
}

/**
 * Many licenses of one product, each with an active key, inserted in batches: for volume tests
 * (bulk rotation) where going through the use cases row by row would take minutes. The keys are
 * real (sealed, digested), so validation and rotation treat them like any other.
 */
export async function makeLicensesInBulk(
  db: Db,
  secrets: KeySecrets,
  {
    orgId,
    productId,
    editionId,
    count,
    now = fixedNow(),
  }: { orgId: string; productId: string; editionId: string; count: number; now?: () => Date },
) {
  const batchSize = 2000;
  for (let start = 0; start < count; start += batchSize) {
    const rows = Array.from({ length: Math.min(batchSize, count - start) }, () => ({
      id: randomUUID(),
      orgId,
      productId,
      editionId,
      seats: 3,
      startsAt: new Date("2026-01-01T00:00:00Z"),
      expiresAt: new Date("2027-06-01T00:00:00Z"),
    }));
    await db.transaction(async (tx) => {
      await insertRows(tx, t.licenses, rows);
      await issueLicenseKeys(
        tx,
        { db, now, actor: systemActor },
        { licenses: rows.map((license) => ({ licenseId: license.id, orgId })), state: "active", secrets },
      );
    });
  }
}

/** Notices go to the dev mailbox (the outbox), with portal links under a fixed base. */
export const testNoticeDeps = { mailer: devMailboxMailer, portalUrl: "https://portal.example" };
