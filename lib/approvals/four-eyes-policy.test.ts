import { describe, expect, it } from "vitest";
import { and, eq, or } from "drizzle-orm";
import * as t from "@/lib/db/schema";
import { authenticateApiToken, createApiToken } from "@/lib/api-tokens";
import { Conflict, Forbidden, NotFound } from "@/lib/errors";
import { ensureSigningKeys, isSigning, productScope } from "@/lib/signing";
import type { FourEyesPolicyInput } from "@/lib/validations/ops";
import { useTestDatabase } from "@/testing/test-database";
import {
  makeLicense,
  makeOrg,
  makeProduct,
  makeUser,
  staffCtx,
  systemActor,
  testNoticeDeps,
  testSecrets,
} from "@/testing/factories";
import {
  approveRequest,
  collectApprovedApiToken,
  createApiTokenAsStaff,
  describeFourEyesPolicyChanges,
  DEFAULT_FOUR_EYES_POLICY,
  extendLicenseAsStaff,
  findFourEyesPolicy,
  listApprovals,
  listCollectableApiTokens,
  rejectRequest,
  rollApiTokenAsStaff,
  revokeLicenseAsStaff,
  saveFourEyesPolicy,
  signingKeyActionAsStaff,
  suspendOrganizationLicensesAsStaff,
} from "./index";

const why = { reason: "customer asked us to end the contract", reasonCategory: "customer_request" as const };
const deps = { ...testNoticeDeps, approvalTtlHours: 24 };
/** A version that holds nothing: each test turns on the rule it is about. */
const NOTHING_HELD = { licenseRevoke: false, signingKeyActions: false, apiTokenCreate: false };

describe("the four-eyes policy", () => {
  const database = useTestDatabase();

  async function setup(policy: Partial<FourEyesPolicyInput>) {
    const { db } = database;
    const support = staffCtx(db, await makeUser(db, { staffRole: "support" }), "support");
    const admin = staffCtx(db, await makeUser(db, { staffRole: "admin" }), "admin");
    const secondAdmin = staffCtx(db, await makeUser(db, { staffRole: "admin" }), "admin");
    await saveFourEyesPolicy(admin, {
      ...NOTHING_HELD,
      ...policy,
      reason: "tightening support actions",
      reasonCategory: "security",
    });
    const { org } = await makeOrg(db);
    const license = await makeLicense(db, org.id);
    const statusOf = async () =>
      (await db.select({ status: t.licenses.status }).from(t.licenses).where(eq(t.licenses.id, license.id)))[0]!.status;
    return { db, support, admin, secondAdmin, license, statusOf };
  }

  it("makes a support revocation wait for a second staff member, then revokes on their approval", async () => {
    const { support, secondAdmin, license, statusOf } = await setup({ licenseRevoke: true });
    const outcome = await revokeLicenseAsStaff(support, { licenseId: license.id, ...why }, deps);
    expect(outcome.isAwaitingApproval).toBe(true);
    expect(await statusOf()).toBe("active");
    if (!outcome.isAwaitingApproval) return;
    await approveRequest(secondAdmin, { approvalId: outcome.approvalId, ...why }, testNoticeDeps);
    expect(await statusOf()).toBe("revoking");
  });

  it("refuses the requester's own approval and rejection, and the license stays as it was", async () => {
    const { admin, license, statusOf } = await setup({ licenseRevoke: true });
    const outcome = await revokeLicenseAsStaff(admin, { licenseId: license.id, ...why }, deps);
    if (!outcome.isAwaitingApproval) throw new Error("expected the revocation to wait for approval");
    await expect(
      approveRequest(admin, { approvalId: outcome.approvalId, ...why }, testNoticeDeps),
    ).rejects.toBeInstanceOf(Forbidden);
    await expect(rejectRequest(admin, { approvalId: outcome.approvalId, ...why })).rejects.toBeInstanceOf(Forbidden);
    expect(await statusOf()).toBe("active");
  });

  it("lets support revoke alone when the policy does not require approval", async () => {
    const { support, license, statusOf } = await setup({ licenseRevoke: false });
    const outcome = await revokeLicenseAsStaff(support, { licenseId: license.id, ...why }, deps);
    expect(outcome.isAwaitingApproval).toBe(false);
    expect(await statusOf()).toBe("revoking");
  });

  it("holds an extension past the limit for approval and lets a shorter one through", async () => {
    const { db, support, secondAdmin, license } = await setup({ licenseRevoke: false, extendBeyondDays: 90 });
    const expiryOf = async () =>
      (await db.select({ expiresAt: t.licenses.expiresAt }).from(t.licenses).where(eq(t.licenses.id, license.id)))[0]!
        .expiresAt;
    const short = await extendLicenseAsStaff(
      support,
      { licenseId: license.id, expiresAt: new Date("2027-02-01T23:59:59Z"), ...why },
      deps,
    );
    expect(short.isAwaitingApproval).toBe(false);
    const long = await extendLicenseAsStaff(
      support,
      { licenseId: license.id, expiresAt: new Date("2028-02-01T23:59:59Z"), ...why },
      deps,
    );
    if (!long.isAwaitingApproval) throw new Error("expected the long extension to wait for approval");
    expect(await expiryOf()).toEqual(new Date("2027-02-01T23:59:59Z"));
    await approveRequest(secondAdmin, { approvalId: long.approvalId, ...why }, testNoticeDeps);
    expect(await expiryOf()).toEqual(new Date("2028-02-01T23:59:59Z"));
  });

  it("versions every change, audits it with what it replaced, and lets only admins change it", async () => {
    const { db, support, admin } = await setup({ licenseRevoke: true });
    const before = await findFourEyesPolicy(db);
    const saved = await saveFourEyesPolicy(admin, { ...NOTHING_HELD, extendBeyondDays: 30, ...why });
    expect(saved.version).toBe(before.version + 1);
    expect(await findFourEyesPolicy(db)).toMatchObject({ licenseRevoke: false, extendBeyondDays: 30 });
    const [event] = await db.select().from(t.auditEvents).where(eq(t.auditEvents.subjectId, saved.id));
    expect(event).toMatchObject({ action: "four_eyes_policy.versioned", reason: why.reason });
    expect(event!.data).toMatchObject({ previous: { version: before.version, licenseRevoke: true } });
    await expect(saveFourEyesPolicy(support, { ...NOTHING_HELD, ...why })).rejects.toBeInstanceOf(Forbidden);
  });

  it("holds a suspension of more than N licenses for a second person and suspends them on approval", async () => {
    const { db, support, admin, secondAdmin } = await setup({ suspendBeyondCount: 2 });
    const { org } = await makeOrg(db);
    await Promise.all([1, 2, 3].map(() => makeLicense(db, org.id)));
    const statuses = async () =>
      (await db.select({ status: t.licenses.status }).from(t.licenses).where(eq(t.licenses.orgId, org.id))).map(
        (row) => row.status,
      );
    const outcome = await suspendOrganizationLicensesAsStaff(support, { orgId: org.id, ...why }, deps);
    if (!outcome.isAwaitingApproval) throw new Error("expected three suspensions to wait for approval");
    expect(await statuses()).toEqual(["active", "active", "active"]);
    await expect(
      approveRequest(support, { approvalId: outcome.approvalId, ...why }, testNoticeDeps),
    ).rejects.toBeInstanceOf(Forbidden);
    await approveRequest(secondAdmin, { approvalId: outcome.approvalId, ...why }, testNoticeDeps);
    expect(await statuses()).toEqual(["suspended", "suspended", "suspended"]);

    const { org: small } = await makeOrg(db);
    await Promise.all([1, 2].map(() => makeLicense(db, small.id)));
    const direct = await suspendOrganizationLicensesAsStaff(admin, { orgId: small.id, ...why }, deps);
    expect(direct).toEqual({ isAwaitingApproval: false, result: { suspendedCount: 2 } });
  });

  it("holds a signing-key action for a second admin and runs it on their approval", async () => {
    const { db, admin, secondAdmin } = await setup({ signingKeyActions: true });
    const secrets = testSecrets();
    const { product } = await makeProduct(db);
    const scope = productScope(product.id);
    await ensureSigningKeys({ db, now: admin.now, actor: systemActor }, { ring: secrets.ring, scope });
    const [active] = await db
      .select()
      .from(t.signingKeys)
      .where(eq(t.signingKeys.scope, scope))
      .then((keys) => keys.filter(isSigning));
    const heldAt = async () =>
      (await db.select().from(t.signingKeys).where(eq(t.signingKeys.kid, active!.kid)))[0]!.rotationHeldAt;
    const request = { action: "signing_key.hold_rotation" as const, kid: active!.kid, ...why };
    const outcome = await signingKeyActionAsStaff(admin, request, { approvalTtlHours: 24, ring: secrets.ring });
    if (!outcome.isAwaitingApproval) throw new Error("expected the hold to wait for approval");
    expect(await heldAt()).toBeNull();
    await expect(
      approveRequest(admin, { approvalId: outcome.approvalId, ...why }, { ...testNoticeDeps, ring: secrets.ring }),
    ).rejects.toBeInstanceOf(Forbidden);
    await approveRequest(
      secondAdmin,
      { approvalId: outcome.approvalId, ...why },
      { ...testNoticeDeps, ring: secrets.ring },
    );
    expect(await heldAt()).not.toBeNull();

    const pendingCount = async () =>
      (
        await db
          .select()
          .from(t.signingKeys)
          .where(and(eq(t.signingKeys.scope, scope), eq(t.signingKeys.state, "pending")))
      ).length;
    const before = await pendingCount();
    const generate = await signingKeyActionAsStaff(
      admin,
      { action: "signing_key.generate", scope, algorithm: "ES256", ...why },
      { approvalTtlHours: 24, ring: secrets.ring },
    );
    if (!generate.isAwaitingApproval) throw new Error("expected generating a key to wait for approval");
    expect(await pendingCount()).toBe(before);
    await approveRequest(
      secondAdmin,
      { approvalId: generate.approvalId, ...why },
      { ...testNoticeDeps, ring: secrets.ring },
    );
    expect(await pendingCount()).toBe(before + 1);
  });

  it("mints a held API token only when its requester collects it after approval, once", async () => {
    const { db, admin, secondAdmin } = await setup({ apiTokenCreate: true });
    const { hasher } = testSecrets();
    const tokenDeps = { hasher, approvalTtlHours: 24 };
    const input = { name: "CRM sync", scope: "read" as const, expiresOn: null, ...why };
    const outcome = await createApiTokenAsStaff(admin, input, tokenDeps);
    if (!outcome.isAwaitingApproval) throw new Error("expected the token to wait for approval");
    expect(await db.select().from(t.apiTokens)).toEqual([]);
    const [approval] = await db.select().from(t.approvals).where(eq(t.approvals.id, outcome.approvalId));
    expect(JSON.stringify(approval!.payload)).not.toContain("rk_live_");
    await expect(collectApprovedApiToken(admin, outcome, tokenDeps)).rejects.toBeInstanceOf(NotFound);

    await approveRequest(secondAdmin, { approvalId: outcome.approvalId, ...why }, testNoticeDeps);
    await expect(collectApprovedApiToken(secondAdmin, outcome, tokenDeps)).rejects.toBeInstanceOf(NotFound);
    expect(await listCollectableApiTokens(admin, tokenDeps)).toEqual([
      { approvalId: outcome.approvalId, name: "CRM sync" },
    ]);
    const collected = await collectApprovedApiToken(admin, outcome, tokenDeps);
    const token = await authenticateApiToken(db, hasher, {
      authorization: `Bearer ${collected.value.reveal()}`,
      now: admin.now(),
    });
    expect(token.actor).toMatchObject({ userId: admin.actor.userId });
    await expect(collectApprovedApiToken(admin, outcome, tokenDeps)).rejects.toBeInstanceOf(Conflict);
    expect(await listCollectableApiTokens(admin, tokenDeps)).toEqual([]);
  });

  it("holds an API token roll like a creation: the successor exists only when its requester collects it", async () => {
    const { db, admin, secondAdmin } = await setup({ apiTokenCreate: true });
    const { hasher } = testSecrets();
    const tokenDeps = { hasher, approvalTtlHours: 24 };
    const { token: old, value: oldValue } = await createApiToken(
      admin,
      { name: "CRM sync", scope: "read", expiresOn: null, ...why },
      { hasher },
    );
    const outcome = await rollApiTokenAsStaff(admin, { tokenId: old.id, overlapMinutes: 60, ...why }, tokenDeps);
    if (!outcome.isAwaitingApproval) throw new Error("expected the roll to wait for approval");
    const tokens = () =>
      db
        .select()
        .from(t.apiTokens)
        .where(or(eq(t.apiTokens.id, old.id), eq(t.apiTokens.rolledFromId, old.id)));
    expect(await tokens()).toMatchObject([{ id: old.id, overlapEndsAt: null }]);
    await expect(collectApprovedApiToken(admin, outcome, tokenDeps)).rejects.toBeInstanceOf(NotFound);

    const pending = (await listApprovals(secondAdmin, { view: "pending" })).items.find(
      (item) => item.id === outcome.approvalId,
    );
    expect(pending).toMatchObject({ actionLabel: "Roll API token" });
    expect(pending!.approveWording.description).not.toContain("runs now");
    await approveRequest(secondAdmin, { approvalId: outcome.approvalId, ...why }, testNoticeDeps);
    await expect(collectApprovedApiToken(secondAdmin, outcome, tokenDeps)).rejects.toBeInstanceOf(NotFound);
    expect(await listCollectableApiTokens(admin, tokenDeps)).toEqual([
      { approvalId: outcome.approvalId, name: "CRM sync" },
    ]);

    const collected = await collectApprovedApiToken(admin, outcome, tokenDeps);
    const rows = await tokens();
    const rolled = rows.find((row) => row.id === old.id);
    const successor = rows.find((row) => row.rolledFromId === old.id);
    expect(rolled!.overlapEndsAt).toEqual(new Date(admin.now().getTime() + 60 * 60_000));
    expect(successor).toMatchObject({ rolledFromId: old.id, approvalId: outcome.approvalId });
    for (const value of [collected.value, oldValue])
      await expect(
        authenticateApiToken(db, hasher, { authorization: `Bearer ${value.reveal()}`, now: admin.now() }),
      ).resolves.toBeTruthy();
    await expect(collectApprovedApiToken(admin, outcome, tokenDeps)).rejects.toBeInstanceOf(Conflict);
  });

  it("tells the approver an action runs on approval, and a token request only once collected", async () => {
    const { support, admin, secondAdmin, license } = await setup({ licenseRevoke: true, apiTokenCreate: true });
    await revokeLicenseAsStaff(support, { licenseId: license.id, ...why }, deps);
    await createApiTokenAsStaff(
      admin,
      { name: "ERP", scope: "read", expiresOn: null, ...why },
      { hasher: testSecrets().hasher, approvalTtlHours: 24 },
    );
    const { items } = await listApprovals(secondAdmin, { view: "pending" });
    const wordingOf = (action: string) => items.find((item) => item.action === action)!.approveWording;
    expect(wordingOf("license.revoke")).toMatchObject({ confirmLabel: "Approve and run" });
    expect(wordingOf("api_token.create")).toMatchObject({ confirmLabel: "Approve for collection" });
    expect(wordingOf("api_token.create").description).toMatch(/requester collect/);
  });

  it("says what a new version changes in plain words", () => {
    expect(
      describeFourEyesPolicyChanges(DEFAULT_FOUR_EYES_POLICY, {
        ...DEFAULT_FOUR_EYES_POLICY,
        suspendBeyondCount: 10,
        apiTokenCreate: true,
      }),
    ).toEqual([
      "suspending licenses in one action needs a second person beyond 10 licenses",
      "creating or rolling a management API token now needs a second person",
    ]);
  });
});
