/**
 * Zero-disruption fleet simulation: thousands of client installs running the real SDK
 * (packages/sdk) against the real use cases (lib/) on one database, under a simulated clock. The
 * portal's HTTP layer is replaced by an in-process `fetch` that calls the same functions the route
 * handlers call, so 10 000 clients cost no sockets.
 *
 * Customers are diligent: they act on every rotation notice (email or the software's
 * VALID_ROTATING message) within a couple of days, refresh offline license files when the software
 * says so, and handle their own emergencies within a day. The promise under test: such a customer
 * never sees a client fail, except by choice (an emergency revoke of a leaked key).
 */
import { and, desc, eq, gt, inArray, lte } from "drizzle-orm";
import type { JSONWebKeySet } from "jose";
import type { Actor, OrgCtx, StaffCtx } from "@/lib/context";
import type { Db } from "@/lib/db";
import * as t from "@/lib/db/schema";
import { jwksResponse } from "@/lib/http/jwks-response";
import { runRotationWorkerPass } from "@/lib/jobs";
import {
  admitToKeyMaterial,
  issueLicenseFile,
  revealLicenseKey,
  signValidationResponse,
  validateLicenseKey,
} from "@/lib/licensing";
import { issueLicenseKey, type KeySecrets } from "@/lib/licensing/license-key-secrets";
import { devMailboxMailer } from "@/lib/notify";
import { assignLicenseSeat } from "@/lib/seats";
import { emergencyRotate, reissueLicenseKey, rotateNow, updateRotationPreferences } from "@/lib/rotation";
import { advanceSigningKeySchedule, createSigningService, ensureSigningKeys, type SigningService } from "@/lib/signing";
import { checkoutLeaseRequestSchema, validateRequestSchema } from "@/lib/validations/api";
import { checkoutFloatingLease, DeviceRefused, returnFloatingLease, signDeviceRefusal } from "@/lib/devices";
import { domainErrorResponse } from "@/lib/http/problem";
import {
  borrowLease,
  checkoutLease,
  createJwksCache,
  releaseLease,
  renewLease,
  validateOnline,
  verifyLicenseFile,
  type JwksCache,
} from "@rekey/sdk";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PORTAL = "https://portal.fleet.example";
const PRODUCT = "fleet-app";
const SYSTEM: Actor = { type: "system", label: "fleet-simulation" };
/** How often the simulated worker runs; notices and steps are due on whole days, so this is plenty. */
const WORKER_EVERY_HOURS = 12;
const TIME_ZONES = ["Europe/Berlin", "America/New_York", "Asia/Tokyo", "Australia/Sydney", "UTC", "America/Sao_Paulo"];

export interface FleetOptions {
  db: Db;
  secrets: KeySecrets;
  installs: number;
  days: number;
  seed?: number;
  installsPerLicense?: number;
  /** How often each install checks its license. */
  checkEveryHours?: number;
  /** How many installs check at the same moment (database round trips in flight). */
  concurrency?: number;
  onProgress?: (day: number) => void;
}

export interface FleetReport {
  installs: number;
  licenses: number;
  days: number;
  mix: Record<ClientKind, number>;
  clockSkewedInstalls: number;
  validations: number;
  unintendedFailures: number;
  unintendedByCode: Record<string, number>;
  intendedFailures: number;
  fallbacksToLicenseFile: number;
  rotations: Record<string, number>;
  signingKeyRollovers: number;
  manualSteps: { keyUpdates: number; licenseFileRefreshes: number };
  /** Longest time any install was not working while it waited for a person (emergency revokes). */
  maxManualStepWaitHours: number;
  /** Shortest time a customer had between being told to act and the moment it mattered. */
  minNoticeHours: number | null;
  skipped: Record<string, number>;
}

/**
 * `floating` and `borrowed` run on floating licenses (issue 18): a seat per session, or borrowed for
 * a week; `named-user` installs validate online as the person an owner assigned a seat to.
 */
type ClientKind = "online" | "online-stale-jwks" | "offline" | "floating" | "borrowed" | "named-user";

interface Client {
  licenseIndex: number;
  kind: ClientKind;
  key: string;
  licenseFile: string;
  jwks: JwksCache;
  skewMs: number;
  phaseHours: number;
  /** Floating and borrowed installs: this machine's fingerprint. */
  fingerprint: string;
  /** Borrowed installs: the file of the current borrowing and when it ends. */
  borrowed: { licenseFile: string; endsAt: number } | null;
  /** Named-user installs: the email of the person holding a seat. */
  user: string | null;
}

interface License {
  id: string;
  ctx: OrgCtx;
  isFloating: boolean;
  isNamedUser: boolean;
  key: string;
  licenseFile: string;
  /** When the customer will copy the current key into every install, if they have been told to. */
  updateAt: number | null;
  /** When the customer will download a fresh license file for the offline installs. */
  refreshAt: number | null;
  /** Set while an emergency revoke leaves installs waiting for the new key. */
  revokedAt: number | null;
  /** The moment the current notice stops being advisory: the old key's end. */
  deadline: number | null;
  toldAt: number | null;
}

/** What one install's license check saw. */
interface InstallCheck {
  failure: string | null;
  usedLicenseFileFallback: boolean;
  isFileInGrace: boolean;
  newKeyReady: { rotatesAt: number | null } | null;
}

/** `run` over every item with at most `limit` in flight; results in item order. */
async function mapConcurrently<T, R>(items: T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    for (let index = next++; index < items.length; index = next++) results[index] = await run(items[index]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/** mulberry32: a seeded PRNG, so a run can be repeated exactly. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The portal's public endpoints, in process: the same use cases and signing as app/api/v1. */
function inProcessPortal(
  db: Db,
  secrets: KeySecrets,
  signer: SigningService,
  now: () => Date,
): typeof globalThis.fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.pathname === "/.well-known/jwks.json")
      return jwksResponse(await signer.publicKeys(), new Headers(init?.headers).get("if-none-match"));
    if (url.pathname === "/api/v1/licenses/validate") {
      const body = validateRequestSchema.parse(JSON.parse(String(init?.body)));
      const at = now();
      const result = await validateLicenseKey(db, body, { hasher: secrets.hasher, now: at, portalUrl: PORTAL });
      return Response.json(
        await signValidationResponse(signer, result, { nonce: body.nonce ?? null, now: at, issuer: `${PORTAL}/` }),
      );
    }
    const leaseCall = /^\/api\/v1\/leases\/(checkout|heartbeat|release)$/.exec(url.pathname)?.[1];
    if (leaseCall) return floatingLeaseResponse(leaseCall, String(init?.body), { db, secrets, signer, now });
    return new Response(null, { status: 404 });
  };
}

/** `/api/v1/leases/*` as app/api/v1/leases answers it: the use cases, refusals signed with the nonce. */
async function floatingLeaseResponse(
  call: string,
  body: string,
  { db, secrets, signer, now }: { db: Db; secrets: KeySecrets; signer: SigningService; now: () => Date },
): Promise<Response> {
  const input = checkoutLeaseRequestSchema.parse(JSON.parse(body));
  const at = now();
  const ctx = { db, now: () => at, actor: SYSTEM };
  const deps = { hasher: secrets.hasher, signer, issuer: `${PORTAL}/`, portalUrl: PORTAL, mailer: devMailboxMailer };
  try {
    if (call === "release") return Response.json(await returnFloatingLease(ctx, input, deps));
    const { isNew, ...answer } = await checkoutFloatingLease(ctx, input, deps, { isRenewal: call === "heartbeat" });
    return Response.json(answer, { status: isNew ? 201 : 200 });
  } catch (error) {
    if (!(error instanceof DeviceRefused)) throw error;
    const token = await signDeviceRefusal({ signer, issuer: `${PORTAL}/`, now: at }, error, input.nonce ?? null);
    return domainErrorResponse(error, `/api/v1/leases/${call}`, { token });
  }
}

async function createFleetProduct(db: Db, now: Date) {
  const [product] = await db.insert(t.products).values({ code: PRODUCT, name: "Fleet App" }).returning();
  const [edition] = await db
    .insert(t.editions)
    .values({ productId: product!.id, code: "standard", name: "Standard" })
    .returning();
  const [floatingEdition] = await db
    .insert(t.editions)
    .values({ productId: product!.id, code: "network", name: "Network", seatModel: "floating", maxBorrowDays: 7 })
    .returning();
  const [namedUserEdition] = await db
    .insert(t.editions)
    .values({ productId: product!.id, code: "team", name: "Team", seatModel: "user", maxDeviceTransfers: 2 })
    .returning();
  await db.insert(t.rotationPolicies).values({
    productId: product!.id,
    version: 1,
    allowedCadenceDays: [30, 90],
    minOverlapMinutes: 60,
    maxOverlapMinutes: 30 * 24 * 60,
    minNoticeDays: 3,
    maxPostponeDays: 14,
    createdAt: now,
  });
  return {
    productId: product!.id,
    editionId: edition!.id,
    floatingEditionId: floatingEdition!.id,
    namedUserEditionId: namedUserEdition!.id,
  };
}

export async function simulateFleet(options: FleetOptions): Promise<FleetReport> {
  const { db, secrets, installs, days } = options;
  const rand = random(options.seed ?? 1);
  const installsPerLicense = options.installsPerLicense ?? 20;
  const checkEveryHours = options.checkEveryHours ?? 24;
  const concurrency = options.concurrency ?? 1;
  const start = Date.parse("2027-01-04T00:00:00Z");
  let simNow = start;
  const now = () => new Date(simNow);
  const systemCtx = { db, now, actor: SYSTEM };

  await ensureSigningKeys(systemCtx, { ring: secrets.ring });
  const signer = createSigningService({ db, ring: secrets.ring });
  const portalFetch = inProcessPortal(db, secrets, signer, now);
  // What an app built today ships with: the published keys, the next one included.
  const bundledJwks: JSONWebKeySet = { keys: await signer.publicKeys() };
  const { productId, editionId, floatingEditionId, namedUserEditionId } = await createFleetProduct(db, now());

  const report: FleetReport = {
    installs,
    licenses: 0,
    days,
    mix: { online: 0, "online-stale-jwks": 0, offline: 0, floating: 0, borrowed: 0, "named-user": 0 },
    clockSkewedInstalls: 0,
    validations: 0,
    unintendedFailures: 0,
    unintendedByCode: {},
    intendedFailures: 0,
    fallbacksToLicenseFile: 0,
    rotations: {},
    signingKeyRollovers: 0,
    manualSteps: { keyUpdates: 0, licenseFileRefreshes: 0 },
    maxManualStepWaitHours: 0,
    minNoticeHours: null,
    skipped: {},
  };
  const skip = (why: string) => {
    report.skipped[why] = (report.skipped[why] ?? 0) + 1;
  };

  const [supportUser] = await db
    .insert(t.users)
    .values({ email: "support@fleet.example", staffRole: "support" })
    .returning();
  const staff: StaffCtx = {
    db,
    now,
    actor: { type: "staff", userId: supportUser!.id, email: supportUser!.email, role: "support" },
  };

  // The owner acts in the portal just after signing in, as a customer following the email would.
  const admitOwner = (ctx: OrgCtx, licenseId: string) =>
    admitToKeyMaterial(
      ctx,
      { signedInAt: ctx.now(), secondFactor: { isEnrolled: false, isVerified: false } },
      { licenseId },
    );

  const licenses: License[] = [];
  const licenseCount = Math.ceil(installs / installsPerLicense);
  for (let index = 0; index < licenseCount; index++) {
    const [org] = await db
      .insert(t.organizations)
      .values({ name: `Fleet customer ${index}`, slug: `fleet-${index}`, createdAt: now() })
      .returning();
    const [owner] = await db
      .insert(t.users)
      .values({ email: `owner-${index}@fleet.example` })
      .returning();
    await db.insert(t.orgMembers).values({ orgId: org!.id, userId: owner!.id, role: "owner" });
    // Two licenses in twenty are floating and one counts named users (and rotates on the customer's
    // word), none of them the one whose key leaks.
    const isFloating = [2, 15].includes(index % 20);
    const isNamedUser = index % 20 === 7;
    const [license] = await db
      .insert(t.licenses)
      .values({
        orgId: org!.id,
        productId,
        editionId: isFloating ? floatingEditionId : isNamedUser ? namedUserEditionId : editionId,
        seats: installsPerLicense * 2,
        startsAt: new Date(start - DAY),
        expiresAt: new Date(start + 400 * DAY),
        createdAt: now(),
      })
      .returning();
    const ctx: OrgCtx = {
      db,
      now,
      orgId: org!.id,
      memberRole: "owner",
      actor: { type: "user", userId: owner!.id, email: owner!.email },
    };
    const key = await db.transaction((tx) =>
      issueLicenseKey(tx, ctx, { licenseId: license!.id, orgId: org!.id, state: "active", secrets }),
    );
    await updateRotationPreferences(ctx, {
      licenseId: license!.id,
      cadence: 30,
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      startTime: `${String(Math.floor(rand() * 24)).padStart(2, "0")}:00`,
      durationMinutes: 120,
      timeZone: TIME_ZONES[index % TIME_ZONES.length]!,
      leadDays: [14, 3, 1],
      overlapMinutes: 7 * 24 * 60,
      alignWithRenewal: false,
    });
    const file = await issueLicenseFile(
      ctx,
      await admitOwner(ctx, license!.id),
      { licenseId: license!.id },
      { signer, issuer: `${PORTAL}/` },
    );
    licenses.push({
      id: license!.id,
      ctx,
      isFloating,
      isNamedUser,
      key: key.plaintext,
      licenseFile: file.token,
      updateAt: null,
      refreshAt: null,
      revokedAt: null,
      deadline: null,
      toldAt: null,
    });
  }
  report.licenses = licenses.length;

  const clients: Client[] = [];
  for (let index = 0; index < installs; index++) {
    const licenseIndex = index % licenses.length;
    const roll = rand();
    const license = licenses[licenseIndex]!;
    const kind: ClientKind = license.isNamedUser
      ? "named-user"
      : license.isFloating
        ? roll < 0.6
          ? "floating"
          : "borrowed"
        : roll < 0.6
          ? "online"
          : roll < 0.75
            ? "online-stale-jwks"
            : "offline";
    const skewMs = rand() < 0.15 ? Math.round((rand() * 2 - 1) * 240_000) : 0;
    const clientNow = () => new Date(simNow + skewMs);
    const jwks =
      kind === "offline"
        ? createJwksCache({ jwks: bundledJwks })
        : createJwksCache({
            url: `${PORTAL}/.well-known/jwks.json`,
            fetch: portalFetch,
            now: clientNow,
            ...(kind === "online-stale-jwks" ? { maxAgeMs: 365 * DAY } : {}),
          });
    report.mix[kind]++;
    if (skewMs) report.clockSkewedInstalls++;
    clients.push({
      licenseIndex,
      kind,
      key: licenses[licenseIndex]!.key,
      licenseFile: licenses[licenseIndex]!.licenseFile,
      jwks,
      skewMs,
      phaseHours: Math.floor(rand() * checkEveryHours),
      fingerprint: `fleet-install-${index}`,
      borrowed: null,
      user: kind === "named-user" ? await assignSeatToNewMember(license, `person-${index}@fleet.example`) : null,
    });
  }

  /** The owner invites a person and assigns them a seat, as on the portal's Seats page. */
  async function assignSeatToNewMember(license: License, email: string) {
    const [person] = await db.insert(t.users).values({ email }).returning();
    await db.insert(t.orgMembers).values({ orgId: license.ctx.orgId, userId: person!.id, role: "member" });
    await assignLicenseSeat(license.ctx, { licenseId: license.id, email }, { mailer: devMailboxMailer });
    return email;
  }

  // The customer is told to act: they will, within their reaction time, and before the deadline.
  const tell = (license: License, reactionHours: number, deadline: number | null) => {
    const at = simNow + reactionHours * HOUR;
    if (license.updateAt === null || at < license.updateAt) license.updateAt = at;
    if (license.toldAt === null) license.toldAt = simNow;
    if (deadline !== null) license.deadline = deadline;
  };

  async function copyCurrentKey(license: License) {
    const [current] = await db
      .select({ id: t.licenseKeys.id })
      .from(t.licenseKeys)
      .where(and(eq(t.licenseKeys.licenseId, license.id), inArray(t.licenseKeys.state, ["pending", "active"])))
      .orderBy(desc(t.licenseKeys.createdAt))
      .limit(1);
    const pass = await admitOwner(license.ctx, license.id);
    const revealed = await revealLicenseKey(
      license.ctx,
      pass,
      { licenseId: license.id, keyId: current!.id, purpose: "copy" },
      { ring: secrets.ring },
    );
    license.key = revealed.key;
    for (const client of clients) if (licenses[client.licenseIndex] === license) client.key = license.key;
    report.manualSteps.keyUpdates++;
    if (license.revokedAt !== null)
      report.maxManualStepWaitHours = Math.max(report.maxManualStepWaitHours, (simNow - license.revokedAt) / HOUR);
    if (license.deadline !== null && license.toldAt !== null) {
      const noticeHours = (license.deadline - license.toldAt) / HOUR;
      report.minNoticeHours =
        report.minNoticeHours === null ? noticeHours : Math.min(report.minNoticeHours, noticeHours);
    }
    Object.assign(license, { updateAt: null, revokedAt: null, deadline: null, toldAt: null });
  }

  async function refreshLicenseFile(license: License) {
    license.licenseFile = (
      await issueLicenseFile(
        license.ctx,
        await admitOwner(license.ctx, license.id),
        { licenseId: license.id },
        { signer, issuer: `${PORTAL}/` },
      )
    ).token;
    for (const client of clients)
      if (licenses[client.licenseIndex] === license && client.kind === "offline")
        client.licenseFile = license.licenseFile;
    license.refreshAt = null;
    report.manualSteps.licenseFileRefreshes++;
  }

  // Customer-initiated and emergency rotations, and one signing-key rollover, at random moments.
  const events = new Map<number, Array<() => Promise<void>>>();
  const at = (day: number, run: () => Promise<void>) => {
    const step = Math.floor(day * 24) * HOUR + start;
    events.set(step, [...(events.get(step) ?? []), run]);
  };
  // Three licenses in twenty rotate on their own, one has its key reissued by support, one has a
  // leak: a fixed share, so even a small run has each kind; the moments are random.
  licenses.forEach((license, index) => {
    const share = index % 20;
    const day = 3 + rand() * (days - 6);
    if ([0, 7, 13].includes(share)) {
      // Before the first scheduled rotation issues its key (day 16): rotate-now is refused once a
      // scheduled rotation has started, which the portal tells the customer.
      at(3 + rand() * 10, async () => {
        const rotation = await rotateNow(
          license.ctx,
          { licenseId: license.id, overlapMinutes: 24 * 60, reason: "customer rotation in the simulation" },
          { secrets },
        ).catch((error: Error) => error);
        if (rotation instanceof Error) return skip(`rotate-now refused: ${rotation.message}`);
        report.rotations.customer = (report.rotations.customer ?? 0) + 1;
        tell(license, rand() * 12, rotation.overlapEndsAt?.getTime() ?? null);
      });
    } else if (share === 10) {
      // Support reissues the key at the customer's request (same window as rotate-now).
      at(3 + rand() * 10, async () => {
        const input = {
          licenseId: license.id,
          overlapMinutes: 24 * 60,
          reason: "reissued at the customer's request",
          reasonCategory: "customer_request" as const,
        };
        const rotation = await reissueLicenseKey(staff, input, {
          mailer: devMailboxMailer,
          portalUrl: PORTAL,
          secrets,
        }).catch((error: Error) => error);
        if (rotation instanceof Error) return skip(`reissue refused: ${rotation.message}`);
        report.rotations.reissue = (report.rotations.reissue ?? 0) + 1;
        tell(license, rand() * 12, rotation.overlapEndsAt?.getTime() ?? null);
      });
    } else if (share === 4) {
      at(day, async () => {
        const rotation = await emergencyRotate(
          license.ctx,
          { licenseId: license.id, reason: "key leaked in the simulation" },
          { secrets },
        ).catch((error: Error) => error);
        if (rotation instanceof Error) return skip(`emergency refused: ${rotation.message}`);
        report.rotations.emergency = (report.rotations.emergency ?? 0) + 1;
        license.revokedAt = simNow;
        tell(license, rand() * 24, null);
      });
    }
  });
  // The worker rotates the signing key by itself once, a little past the middle of the run
  // (lib/signing/signing-key-schedule.ts); the replaced key stays verify only past the run's end.
  const signingKeySchedule = { activeDays: Math.ceil(days * 0.6), verifyOnlyDays: days };

  /** One install checks its license the way the SDK does; nothing is acted on here. */
  async function checkInstall(client: Client): Promise<InstallCheck> {
    const clientNow = () => new Date(simNow + client.skewMs);
    const checked: InstallCheck = {
      failure: null,
      usedLicenseFileFallback: false,
      isFileInGrace: false,
      newKeyReady: null,
    };
    if (client.kind === "borrowed") {
      checked.failure = await runBorrowedSeat(client, clientNow);
      return checked;
    }
    if (client.kind !== "offline") {
      const online = await validateOnline({
        baseUrl: PORTAL,
        key: client.key,
        product: PRODUCT,
        fetch: portalFetch,
        jwks: client.jwks,
        now: clientNow,
        user: client.user ?? undefined,
      });
      if (online.ok) {
        if (online.key?.newKeyReady)
          checked.newKeyReady = { rotatesAt: online.key.rotatesAt ? Date.parse(online.key.rotatesAt) : null };
        if (!online.valid) checked.failure = online.code;
        else if (client.kind === "floating") checked.failure = await runFloatingSession(client, clientNow);
        return checked;
      }
      checked.usedLicenseFileFallback = true;
      const offline = await verifyLicenseFile(client.licenseFile, client.jwks, { now: clientNow, product: PRODUCT });
      if (!offline.valid) checked.failure = `${online.reason}+${offline.code}`;
      return checked;
    }
    const offline = await verifyLicenseFile(client.licenseFile, client.jwks, { now: clientNow, product: PRODUCT });
    if (!offline.valid) checked.failure = offline.code;
    else checked.isFileInGrace = offline.inGrace;
    return checked;
  }

  const leaseCall = (client: Client, clientNow: () => Date) => ({
    baseUrl: PORTAL,
    key: client.key,
    product: PRODUCT,
    fingerprint: client.fingerprint,
    fetch: portalFetch,
    jwks: client.jwks,
    now: clientNow,
  });

  /** A session on a floating seat: take one, renew it once, give it back on exit. */
  async function runFloatingSession(client: Client, clientNow: () => Date): Promise<string | null> {
    const checkout = await checkoutLease(leaseCall(client, clientNow));
    if (!checkout.ok) return checkout.reason === "refused" ? checkout.code : checkout.reason;
    const renewal = await renewLease(leaseCall(client, clientNow));
    if (!renewal.ok) return renewal.reason === "refused" ? renewal.code : renewal.reason;
    const release = await releaseLease(leaseCall(client, clientNow));
    return release.ok ? null : release.reason;
  }

  /**
   * A laptop that borrows its seat for a week whenever the borrowing is within a day of its end
   * (it is online then), and otherwise checks the borrowed file offline.
   */
  async function runBorrowedSeat(client: Client, clientNow: () => Date): Promise<string | null> {
    if (!client.borrowed || client.borrowed.endsAt - simNow < DAY) {
      const borrowed = await borrowLease({ ...leaseCall(client, clientNow), days: 7 });
      if (!borrowed.ok) return borrowed.reason === "refused" ? borrowed.code : borrowed.reason;
      client.borrowed = { licenseFile: borrowed.lease.licenseFile!, endsAt: borrowed.lease.expiresAt.getTime() };
    }
    const offline = await verifyLicenseFile(client.borrowed.licenseFile, client.jwks, {
      now: clientNow,
      product: PRODUCT,
      fingerprint: client.fingerprint,
    });
    return offline.valid ? null : offline.code;
  }

  let noticesReadUntil = new Date(start - 1);
  const stepHours = 1;
  for (let hour = 0; hour < days * 24; hour += stepHours) {
    simNow = start + hour * HOUR;
    if (hour % 24 === 0) options.onProgress?.(hour / 24);
    for (const run of events.get(simNow) ?? []) await run();
    if (hour % WORKER_EVERY_HOURS === 0) {
      const pass = await runRotationWorkerPass({
        db,
        now,
        secrets,
        mailer: devMailboxMailer,
        portalUrl: PORTAL,
        batchSize: licenses.length * 2,
      });
      report.rotations.scheduledSteps = (report.rotations.scheduledSteps ?? 0) + pass.stepped;
      const signingKeys = await advanceSigningKeySchedule(systemCtx, {
        ring: secrets.ring,
        policy: signingKeySchedule,
      });
      report.signingKeyRollovers += signingKeys.activated;
      // Read the inbox: a notice that says the new key is ready is the customer's cue.
      const mail = await db
        .select({ payload: t.outbox.payload, createdAt: t.outbox.createdAt })
        .from(t.outbox)
        .where(
          and(eq(t.outbox.kind, "email"), gt(t.outbox.createdAt, noticesReadUntil), lte(t.outbox.createdAt, now())),
        );
      noticesReadUntil = now();
      for (const { payload } of mail) {
        const text = (payload as { text?: string }).text ?? "";
        const licenseId = /\/licenses\/([0-9a-f-]{36})#key/.exec(text)?.[1];
        const license = licenses.find((candidate) => candidate.id === licenseId);
        if (!license || !text.includes("new key is ready")) continue;
        const [retiring] = await db
          .select({ retiresAt: t.licenseKeys.retiresAt })
          .from(t.licenseKeys)
          .where(and(eq(t.licenseKeys.licenseId, license.id), eq(t.licenseKeys.state, "retiring")));
        const [rotation] = await db
          .select()
          .from(t.rotations)
          .where(and(eq(t.rotations.licenseId, license.id), inArray(t.rotations.state, ["issued", "overlapping"])));
        const deadline =
          retiring?.retiresAt?.getTime() ??
          (rotation ? rotation.scheduledFor.getTime() + rotation.overlapMinutes * 60_000 : null);
        tell(license, rand() * 48, deadline);
      }
    }
    for (const license of licenses) {
      if (license.updateAt !== null && license.updateAt <= simNow) await copyCurrentKey(license);
      if (license.refreshAt !== null && license.refreshAt <= simNow) await refreshLicenseFile(license);
    }

    // The installs due this hour check at once (as a fleet does), a few at a time; what they saw is
    // then acted on in install order, so a run with the same seed is the same run.
    const due = clients.filter((client) => (hour + client.phaseHours) % checkEveryHours === 0);
    const checks = await mapConcurrently(due, concurrency, (client) => checkInstall(client));
    due.forEach((client, index) => {
      const check = checks[index]!;
      const license = licenses[client.licenseIndex]!;
      report.validations++;
      if (check.usedLicenseFileFallback) report.fallbacksToLicenseFile++;
      if (check.newKeyReady) tell(license, rand() * 48, check.newKeyReady.rotatesAt);
      // The software says the file needs refreshing (past its date, within grace): the customer does it.
      if (check.isFileInGrace && license.refreshAt === null) license.refreshAt = simNow + rand() * 48 * HOUR;
      if (check.failure === null) return;
      if (check.failure === "REVOKED" && license.revokedAt !== null) report.intendedFailures++;
      else {
        report.unintendedFailures++;
        report.unintendedByCode[`${client.kind}:${check.failure}`] =
          (report.unintendedByCode[`${client.kind}:${check.failure}`] ?? 0) + 1;
      }
    });
  }
  report.maxManualStepWaitHours = Math.round(report.maxManualStepWaitHours * 10) / 10;
  if (report.minNoticeHours !== null) report.minNoticeHours = Math.round(report.minNoticeHours * 10) / 10;
  return report;
}
