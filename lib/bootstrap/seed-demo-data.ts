/**
 * Demo data that makes the portal worth looking at: two customer organisations (so isolation is
 * visible), three products, licenses in every status, devices, and two staff users. Guarded by an
 * `app_meta` marker so a restart never reseeds over the user's changes.
 */
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import { issueLicenseKey, type KeySecrets } from "@/lib/licensing/license-key-secrets";
import { transitionLicenseKey } from "@/lib/licensing/license-key-transitions";
import type { Db, Tx } from "@/lib/db";
import * as t from "@/lib/db/schema";
import { isRevoked } from "@/lib/licensing/license-transitions";

export const DEMO_USERS = {
  acmeOwner: "alice@acme.example",
  acmeMember: "bob@acme.example",
  globexOwner: "grace@globex.example",
  support: "support@rekey.example",
  admin: "admin@rekey.example",
  /** A second admin: four-eyes approvals need someone other than the requester. */
  admin2: "admin2@rekey.example",
} as const;

const DAY = 86_400_000;
const SEED_MARKER = "demo_seeded_at";
const seedActor = { type: "system", label: "seed" } as const;

type Catalogue = Record<
  string,
  { productId: string; editions: Record<string, string>; features: Record<string, string> }
>;

const CATALOGUE = [
  {
    code: "studio",
    name: "Rekey Studio",
    description: "Desktop design suite.",
    editions: [
      ["standard", "Standard"],
      ["professional", "Professional"],
      ["enterprise", "Enterprise"],
      ["trial", "Trial"],
    ],
    features: [
      ["export-pdf", "PDF export"],
      ["cloud-sync", "Cloud sync"],
      ["team-library", "Team library"],
      ["sso", "Single sign-on"],
    ],
  },
  {
    code: "atlas",
    name: "Atlas Server",
    description: "Self-hosted data platform.",
    editions: [
      ["team", "Team"],
      ["enterprise", "Enterprise"],
    ],
    features: [
      ["replication", "Replication"],
      ["audit-log", "Audit log export"],
      ["ha", "High availability"],
    ],
  },
  {
    code: "pulse",
    name: "Pulse Agent",
    description: "Monitoring agent for servers.",
    editions: [["standard", "Standard"]],
    features: [
      ["metrics", "Metrics"],
      ["alerts", "Alerting"],
    ],
  },
] as const;

export async function isDemoSeeded(db: Db): Promise<boolean> {
  const [marker] = await db.select().from(t.appMeta).where(eq(t.appMeta.key, SEED_MARKER));
  return Boolean(marker);
}

/**
 * `withStaffRoles: false` creates the demo staff addresses as plain users: in production staff come
 * only from `npm run staff:grant`, demo data or not.
 */
export async function seedDemoData(
  db: Db,
  { now, secrets, withStaffRoles = true }: { now: Date; secrets: KeySecrets; withStaffRoles?: boolean },
): Promise<{ seeded: boolean }> {
  return db.transaction(async (tx) => {
    const [claimed] = await tx
      .insert(t.appMeta)
      .values({ key: SEED_MARKER, value: now.toISOString() })
      .onConflictDoNothing()
      .returning();
    if (!claimed) return { seeded: false };

    const at = (days: number) => new Date(now.getTime() + days * DAY);
    const catalogue = await seedCatalogue(tx, now);

    const userIds: Record<string, string> = {};
    for (const [key, email] of Object.entries(DEMO_USERS)) {
      const staffRole = !withStaffRoles
        ? null
        : key === "support"
          ? "support"
          : key.startsWith("admin")
            ? "admin"
            : null;
      const [user] = await tx
        .insert(t.users)
        .values({ email, staffRole, name: displayName(email), createdAt: at(-120) })
        .returning({ id: t.users.id });
      userIds[key] = user!.id;
    }

    const acme = await createOrg(tx, { name: "Acme Robotics", slug: "acme", now });
    const globex = await createOrg(tx, { name: "Globex Corporation", slug: "globex", now });
    await tx.insert(t.orgMembers).values([
      { orgId: acme, userId: userIds.acmeOwner!, role: "owner", createdAt: at(-120) },
      { orgId: acme, userId: userIds.acmeMember!, role: "member", createdAt: at(-60) },
      { orgId: globex, userId: userIds.globexOwner!, role: "owner", createdAt: at(-90) },
    ]);

    const license = (orgId: string, product: string, edition: string, fields: LicenseFields) =>
      createLicense(tx, { orgId, catalogue, product, edition, now, secrets, ...fields });

    const acmeStudio = await license(acme, "studio", "professional", {
      seats: 5,
      startsAt: at(-200),
      expiresAt: at(165),
      features: ["export-pdf", "cloud-sync", "team-library"],
    });
    // Its key is 88 days old on a 90-day cadence: the worker plans a rotation and sends the first
    // notice right away, so the demo shows a rotation in progress. Its term ends in 40 days, clear of
    // the last 30, in which no rotation is planned (lib/rotation/contract-timing.ts).
    await license(acme, "atlas", "enterprise", {
      seats: 3,
      startsAt: at(-345),
      expiresAt: at(40),
      keyActivatedAt: at(-88),
      features: ["replication", "audit-log", "ha"],
    });
    const acmePulse = await license(acme, "pulse", "standard", {
      seats: 25,
      startsAt: at(-100),
      expiresAt: at(265),
      status: "suspended",
      keyActivatedAt: at(-100),
      features: ["metrics", "alerts"],
    });
    // Rotated ten days ago (overlap ended three days ago), suspended since: the license page asks
    // how that rotation went, and the health dashboard shows its adoption and old-key drift.
    await seedCompletedRotation(tx, {
      licenseId: acmePulse,
      orgId: acme,
      issuedAt: at(-10),
      completedAt: at(-3),
      secrets,
    });
    await license(acme, "studio", "standard", {
      seats: 2,
      startsAt: at(-400),
      expiresAt: at(-35),
      status: "expired",
      features: ["export-pdf"],
    });
    await license(acme, "atlas", "team", {
      seats: 1,
      startsAt: at(-300),
      expiresAt: at(65),
      status: "revoked",
      features: ["replication"],
    });
    // A two-week evaluation with a week left: shows the trial notice, and support can convert it.
    const acmeTrial = await license(acme, "studio", "trial", {
      seats: 2,
      startsAt: at(-9),
      expiresAt: at(5),
      features: ["export-pdf", "cloud-sync"],
    });
    const globexStudio = await license(globex, "studio", "enterprise", {
      seats: 50,
      startsAt: at(-30),
      expiresAt: at(335),
      features: ["export-pdf", "cloud-sync", "team-library", "sso"],
    });
    await license(globex, "atlas", "team", { seats: 2, startsAt: at(-10), expiresAt: null, features: ["replication"] });

    await tx
      .insert(t.devices)
      .values([
        device(acmeStudio, "Design-Mac-01", "macOS 15", "active", at(-150), at(0)),
        device(acmeStudio, "Design-Mac-02", "macOS 15", "active", at(-140), at(-1)),
        device(acmeStudio, "Render-WS", "Windows 11", "active", at(-90), at(-0.2)),
        device(acmeStudio, "Old-Laptop", "Windows 10", "deactivated", at(-190), at(-70), at(-70)),
        device(acmeStudio, "Field-Tablet", "iPadOS 18", "inactive", at(-60), at(-40)),
        device(acmeTrial, "Eval-Laptop", "macOS 15", "active", at(-8), at(-0.5)),
        device(globexStudio, "GLX-Workstation-A", "Ubuntu 24.04", "active", at(-25), at(0)),
        device(globexStudio, "GLX-Workstation-B", "Ubuntu 24.04", "active", at(-25), at(-2)),
      ]);

    await seedValidationTelemetry(tx, { licenseId: acmeStudio, now });
    // One open flag so the staff view has something to look at (and resolve, with a reason).
    await tx.insert(t.deviceAnomalyFlags).values({
      licenseId: globexStudio,
      kind: "many_fingerprints",
      observed: 9,
      threshold: 5,
      windowMinutes: 60,
      raisedAt: at(-0.5),
      lastObservedAt: at(-0.4),
    });

    await seedRotationDefaults(tx, acme, { timeZone: "Europe/Berlin", weekdays: [2, 4], startMinute: 22 * 60 });
    await seedRotationDefaults(tx, globex, { timeZone: "America/New_York", weekdays: [6], startMinute: 2 * 60 });
    return { seeded: true };
  });
}

async function seedCatalogue(tx: Tx, now: Date): Promise<Catalogue> {
  const catalogue: Catalogue = {};
  for (const product of CATALOGUE) {
    const [row] = await tx
      .insert(t.products)
      .values({ code: product.code, name: product.name, description: product.description })
      .returning({ id: t.products.id });
    const productId = row!.id;
    const editionRows = await tx
      .insert(t.editions)
      .values(product.editions.map(([code, name]) => ({ productId, code, name })))
      .returning({ id: t.editions.id, code: t.editions.code });
    const featureRows = await tx
      .insert(t.features)
      .values(product.features.map(([code, name]) => ({ productId, code, name })))
      .returning({ id: t.features.id, code: t.features.code });
    await tx.insert(t.rotationPolicies).values({
      productId,
      version: 1,
      allowedCadenceDays: [30, 90, 180, 365],
      minOverlapMinutes: 60,
      maxOverlapMinutes: 30 * 24 * 60,
      minNoticeDays: 3,
      maxPostponeDays: 14,
      expiryGraceDays: 14,
      createdAt: now,
    });
    catalogue[product.code] = {
      productId,
      editions: Object.fromEntries(editionRows.map((e) => [e.code, e.id])),
      features: Object.fromEntries(featureRows.map((f) => [f.code, f.id])),
    };
  }
  return catalogue;
}

async function createOrg(tx: Tx, { name, slug, now }: { name: string; slug: string; now: Date }): Promise<string> {
  const [org] = await tx
    .insert(t.organizations)
    .values({ name, slug, createdAt: now })
    .returning({ id: t.organizations.id });
  await appendAuditEvent(tx, {
    actor: seedActor,
    at: now,
    orgId: org!.id,
    action: "org.created",
    subjectType: "org",
    subjectId: org!.id,
  });
  return org!.id;
}

interface LicenseFields {
  seats: number;
  startsAt: Date;
  expiresAt: Date | null;
  status?: "active" | "suspended" | "expired" | "revoked";
  features: string[];
  keyActivatedAt?: Date;
}

async function createLicense(
  tx: Tx,
  input: LicenseFields & {
    orgId: string;
    catalogue: Catalogue;
    product: string;
    edition: string;
    now: Date;
    secrets: KeySecrets;
  },
): Promise<string> {
  const product = input.catalogue[input.product]!;
  const [row] = await tx
    .insert(t.licenses)
    .values({
      orgId: input.orgId,
      productId: product.productId,
      editionId: product.editions[input.edition]!,
      seats: input.seats,
      startsAt: input.startsAt,
      expiresAt: input.expiresAt,
      status: input.status ?? "active",
      createdAt: input.startsAt,
    })
    .returning({ id: t.licenses.id });
  const licenseId = row!.id;
  await tx
    .insert(t.licenseEntitlements)
    .values(input.features.map((code) => ({ licenseId, featureId: product.features[code]! })));
  await appendAuditEvent(tx, {
    actor: seedActor,
    at: input.now,
    orgId: input.orgId,
    action: "license.created",
    subjectType: "license",
    subjectId: licenseId,
    data: { product: input.product, edition: input.edition, seats: input.seats, status: input.status ?? "active" },
  });
  const seedCtx = { db: tx as unknown as Db, now: () => input.keyActivatedAt ?? input.now, actor: seedActor };
  const key = await issueLicenseKey(tx, seedCtx, {
    licenseId,
    orgId: input.orgId,
    state: "active",
    secrets: input.secrets,
  });
  if (input.status && isRevoked(input.status)) {
    await transitionLicenseKey(
      tx,
      seedCtx,
      { id: key.keyId, state: "active", prefix: key.prefix, licenseId },
      "revoked",
      {
        orgId: input.orgId,
        reason: "license revoked",
        revocationCode: "cessation_of_operation",
        stamp: { revokedAt: input.now },
      },
    );
  }
  return licenseId;
}

async function seedCompletedRotation(
  tx: Tx,
  {
    licenseId,
    orgId,
    issuedAt,
    completedAt,
    secrets,
  }: { licenseId: string; orgId: string; issuedAt: Date; completedAt: Date; secrets: KeySecrets },
) {
  const [oldKey] = await tx.select().from(t.licenseKeys).where(eq(t.licenseKeys.licenseId, licenseId));
  const ctxAt = (at: Date) => ({ db: tx as unknown as Db, now: () => at, actor: seedActor });
  const newKey = await issueLicenseKey(tx, ctxAt(issuedAt), { licenseId, orgId, state: "pending", secrets });
  await transitionLicenseKey(tx, ctxAt(issuedAt), oldKey!, "retiring", {
    orgId,
    stamp: { retiringAt: issuedAt, retiresAt: completedAt },
  });
  await transitionLicenseKey(
    tx,
    ctxAt(issuedAt),
    { id: newKey.keyId, state: "pending", prefix: newKey.prefix, licenseId },
    "active",
    { orgId, stamp: { activatedAt: issuedAt } },
  );
  await transitionLicenseKey(tx, ctxAt(completedAt), { ...oldKey!, state: "retiring" }, "retired", {
    orgId,
    stamp: { retiredAt: completedAt },
  });
  await tx.insert(t.rotations).values({
    licenseId,
    kind: "customer",
    state: "completed",
    scheduledFor: issuedAt,
    overlapMinutes: Math.round((completedAt.getTime() - issuedAt.getTime()) / 60_000),
    oldKeyId: oldKey!.id,
    newKeyId: newKey.keyId,
    issuedAt,
    overlapEndsAt: completedAt,
    completedAt,
    reason: "rotated by the customer",
    createdAt: issuedAt,
    updatedAt: completedAt,
  });
  const hour = 3_600_000;
  await tx.insert(t.validationCounts).values([
    {
      bucketStart: new Date(issuedAt.getTime() + 2 * hour),
      licenseId,
      licenseKeyId: newKey.keyId,
      code: "VALID",
      count: 4,
    },
    {
      bucketStart: new Date(issuedAt.getTime() + 26 * hour),
      licenseId,
      licenseKeyId: oldKey!.id,
      code: "VALID_ROTATING",
      count: 3,
    },
  ]);
}

/**
 * A week of per-minute validation counts for one license so the health chart has a shape: a
 * daily rhythm of valid answers with the odd refusal. Deterministic, so screenshots compare.
 */
async function seedValidationTelemetry(tx: Tx, { licenseId, now }: { licenseId: string; now: Date }) {
  const [key] = await tx
    .select({ id: t.licenseKeys.id })
    .from(t.licenseKeys)
    .where(eq(t.licenseKeys.licenseId, licenseId));
  const step = 20 * 60_000;
  const start = Math.floor(now.getTime() / step) * step - 7 * DAY;
  const rows: (typeof t.validationCounts.$inferInsert)[] = [];
  for (let at = start, index = 0; at < now.getTime(); at += step, index += 1) {
    const hourOfDay = new Date(at).getUTCHours();
    const count = 2 + Math.round(6 * Math.max(0, Math.sin(((hourOfDay - 6) / 24) * 2 * Math.PI)));
    rows.push({ bucketStart: new Date(at), licenseId, licenseKeyId: key!.id, code: "VALID", count });
    if (index % 9 === 0)
      rows.push({ bucketStart: new Date(at), licenseId: null, licenseKeyId: null, code: "UNKNOWN_KEY", count: 1 });
  }
  await tx.insert(t.validationCounts).values(rows);
}

function device(
  licenseId: string,
  name: string,
  platform: string,
  status: "active" | "inactive" | "deactivated",
  activatedAt: Date,
  lastSeenAt: Date,
  deactivatedAt: Date | null = null,
) {
  // Demo fingerprints are random: real ones are keyed hashes computed by the devices API.
  return {
    licenseId,
    name,
    platform,
    status,
    activatedAt,
    lastSeenAt,
    deactivatedAt,
    fingerprintDigest: randomBytes(32).toString("hex"),
  };
}

async function seedRotationDefaults(
  tx: Tx,
  orgId: string,
  window: { timeZone: string; weekdays: number[]; startMinute: number },
) {
  await tx.insert(t.rotationPreferences).values({
    orgId,
    cadenceDays: 90,
    windowWeekdays: window.weekdays,
    windowStartMinute: window.startMinute,
    windowDurationMinutes: 120,
    timeZone: window.timeZone,
    noticeLeadDays: [14, 3, 1],
    overlapMinutes: 7 * 24 * 60,
  });
}

function displayName(email: string): string {
  const local = email.split("@")[0]!;
  return local.charAt(0).toUpperCase() + local.slice(1);
}
