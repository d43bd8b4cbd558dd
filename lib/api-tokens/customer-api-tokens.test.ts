import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as t from "@/lib/db/schema";
import { Forbidden, NotFound, Unauthenticated } from "@/lib/errors";
import { admitToKeyMaterial, listLicenses, pullLicenseKey, ReauthenticationRequired } from "@/lib/licensing";
import { confirmTotpEnrolment, createSecondFactorLimiter, SecondFactorRequired, startTotpEnrolment } from "@/lib/mfa";
import { totpCodeAt } from "@/lib/mfa/totp";
import { setSecondFactorPolicy } from "@/lib/orgs";
import { fixedNow, makeLicenseWithKey, makeUser, testSecrets } from "@/testing/factories";
import { useTestDatabase } from "@/testing/test-database";
import {
  authenticateApiToken,
  authenticateCustomerApiToken,
  createCustomerApiToken,
  listApiTokens,
  listCustomerApiTokens,
  requireCustomerScope,
  revokeCustomerApiToken,
} from "./index";
import type { StaffCtx } from "@/lib/context";

const NOW = "2026-11-23T12:00:00Z";
const justSignedIn = (now: () => Date) => ({
  signedInAt: now(),
  secondFactor: { isEnrolled: false, isVerified: false },
});
const bearer = (value: string) => `Bearer ${value}`;

describe("customer API tokens", () => {
  const database = useTestDatabase();
  const secrets = testSecrets();
  const now = fixedNow(NOW);

  async function ownerWithToken(scopes: ("licenses:read" | "keys:read" | "devices:write" | "rotations:write")[]) {
    const world = await makeLicenseWithKey(database.db, secrets, { now });
    const { token, value } = await createCustomerApiToken(
      world.ctx,
      justSignedIn(now),
      { name: "deploy pipeline", scopes, lifetimeDays: 30 },
      { hasher: secrets.hasher },
    );
    return { ...world, token, value: value.reveal() };
  }

  it("shows the value once and keeps only a keyed digest, with the organization's prefix", async () => {
    const { token, value, ctx } = await ownerWithToken(["keys:read"]);
    expect(value).toMatch(/^rk_org_[A-Za-z0-9_-]{43}$/);
    const [stored] = await database.db.select().from(t.apiTokens).where(eq(t.apiTokens.id, token.id));
    expect(JSON.stringify(stored)).not.toContain(value.slice(7));
    expect(stored!.digest).toBe(secrets.hasher.digest("api-token", value));
    const [listed] = await listCustomerApiTokens(ctx);
    expect(listed).toMatchObject({ prefix: value.slice(0, 15), scopes: ["keys:read"], standing: "active" });
    expect(listed!.expiresAt).toEqual(new Date(now().getTime() + 30 * 86_400_000));
  });

  it("is made by owners only, with a recent sign-in and the organization's second-factor rule", async () => {
    const { ctx, org } = await makeLicenseWithKey(database.db, secrets, { now });
    const input = { name: "ci", scopes: ["licenses:read" as const], lifetimeDays: 7 as const };
    const deps = { hasher: secrets.hasher };
    await expect(
      createCustomerApiToken({ ...ctx, memberRole: "member" }, justSignedIn(now), input, deps),
    ).rejects.toBeInstanceOf(Forbidden);
    const staleSession = {
      signedInAt: new Date(now().getTime() - 16 * 60_000),
      secondFactor: justSignedIn(now).secondFactor,
    };
    await expect(createCustomerApiToken(ctx, staleSession, input, deps)).rejects.toBeInstanceOf(
      ReauthenticationRequired,
    );
    await setSecondFactorPolicy(ctx, { requireForKeys: true });
    const enrolledUnverified = { signedInAt: now(), secondFactor: { isEnrolled: true, isVerified: false } };
    await expect(createCustomerApiToken(ctx, enrolledUnverified, input, deps)).rejects.toBeInstanceOf(
      SecondFactorRequired,
    );
    const verified = { signedInAt: now(), secondFactor: { isEnrolled: true, isVerified: true } };
    await expect(createCustomerApiToken(ctx, verified, input, deps)).resolves.toMatchObject({ token: { name: "ci" } });
    const events = await database.db.select().from(t.auditEvents).where(eq(t.auditEvents.orgId, org.id));
    expect(events.filter((event) => event.action === "api_token.created")).toHaveLength(1);
  });

  it("acts as its owner inside its organization and names itself in the audit trail", async () => {
    const { value, token, org, user, license } = await ownerWithToken(["keys:read"]);
    const caller = await authenticateCustomerApiToken(database.db, secrets.hasher, {
      authorization: bearer(value),
      now: now(),
    });
    expect(caller.ctx).toMatchObject({ orgId: org.id, memberRole: "owner" });
    await makeLicenseWithKey(database.db, secrets, { now });
    expect((await listLicenses(caller.ctx)).map((listed) => listed.id)).toEqual([license.id]);
    expect(caller.ctx.actor).toMatchObject({ userId: user.id, apiToken: { id: token.id } });
    const pass = await admitToKeyMaterial(
      caller.ctx,
      { apiTokenId: caller.tokenId, scopes: caller.scopes },
      { licenseId: license.id },
    );
    const pulled = await pullLicenseKey(caller.ctx, pass, { licenseId: license.id, which: "current" }, secrets);
    expect(pulled.key).toMatch(/^RK-/);
    const [reveal] = await database.db
      .select()
      .from(t.auditEvents)
      .where(eq(t.auditEvents.action, "license_key.revealed"));
    expect(reveal!.actorLabel).toContain(`api-token:${token.prefix}`);
  });

  it("answers another organization's license with 404 and a missing scope with 403", async () => {
    const mine = await ownerWithToken(["licenses:read"]);
    const theirs = await makeLicenseWithKey(database.db, secrets, { now });
    const caller = await authenticateCustomerApiToken(database.db, secrets.hasher, {
      authorization: bearer(mine.value),
      now: now(),
    });
    const proof = { apiTokenId: caller.tokenId, scopes: caller.scopes };
    await expect(admitToKeyMaterial(caller.ctx, proof, { licenseId: theirs.license.id })).rejects.toBeInstanceOf(
      NotFound,
    );
    await expect(admitToKeyMaterial(caller.ctx, proof, { licenseId: mine.license.id })).rejects.toBeInstanceOf(
      Forbidden,
    );
    expect(() => requireCustomerScope(caller, "rotations:write")).toThrow(Forbidden);
    expect(() => requireCustomerScope(caller, "licenses:read")).not.toThrow();
  });

  it("stops yielding keys when the organization requires a second factor, unless it was made with one that still stands", async () => {
    const { db } = database;
    const world = await makeLicenseWithKey(db, secrets, { now });
    const sessionToken = `session-${world.user.id}`;
    await db
      .insert(t.sessions)
      .values({ sessionToken, userId: world.user.id, expires: new Date("2027-01-01T00:00:00Z") });
    const mfaSecrets = { ...secrets, limiter: createSecondFactorLimiter(db) };
    const input = { name: "ci", scopes: ["keys:read" as const], lifetimeDays: 30 as const };
    const withoutFactor = await createCustomerApiToken(world.ctx, justSignedIn(now), input, { hasher: secrets.hasher });
    const { secret } = await startTotpEnrolment(world.ctx, mfaSecrets);
    await confirmTotpEnrolment(
      world.ctx,
      { sessionToken, code: totpCodeAt(secret, now()), address: "192.0.2.10" },
      mfaSecrets,
    );
    const verified = { signedInAt: now(), secondFactor: { isEnrolled: true, isVerified: true } };
    const withFactor = await createCustomerApiToken(world.ctx, verified, input, { hasher: secrets.hasher });
    const pullWith = async (value: string) => {
      const caller = await authenticateCustomerApiToken(db, secrets.hasher, {
        authorization: bearer(value),
        now: now(),
      });
      return admitToKeyMaterial(
        caller.ctx,
        { apiTokenId: caller.tokenId, scopes: caller.scopes },
        { licenseId: world.license.id },
      );
    };
    // Before the rule, both pull keys; the rule then stops the one made without a second factor.
    await expect(pullWith(withoutFactor.value.reveal())).resolves.toBeTruthy();
    await setSecondFactorPolicy(world.ctx, { requireForKeys: true });
    await expect(pullWith(withoutFactor.value.reveal())).rejects.toBeInstanceOf(SecondFactorRequired);
    await expect(pullWith(withFactor.value.reveal())).resolves.toBeTruthy();
    const listed = await listCustomerApiTokens(world.ctx);
    expect(listed.find((token) => token.id === withoutFactor.token.id)?.isMadeWithSecondFactor).toBe(false);
    expect(listed.find((token) => token.id === withFactor.token.id)?.isMadeWithSecondFactor).toBe(true);

    // The maker's authenticator removed (a reset after a lost phone): the token's proof no longer stands.
    await db.delete(t.userTotpSecrets).where(eq(t.userTotpSecrets.userId, world.user.id));
    await expect(pullWith(withFactor.value.reveal())).rejects.toBeInstanceOf(SecondFactorRequired);
  });

  it("stops working once revoked, expired, or its maker is no longer an owner", async () => {
    const revoked = await ownerWithToken(["licenses:read"]);
    await revokeCustomerApiToken(revoked.ctx, { tokenId: revoked.token.id });
    const authenticate = (value: string, at = now()) =>
      authenticateCustomerApiToken(database.db, secrets.hasher, { authorization: bearer(value), now: at });
    await expect(authenticate(revoked.value)).rejects.toBeInstanceOf(Unauthenticated);

    const expiring = await ownerWithToken(["licenses:read"]);
    await expect(authenticate(expiring.value, new Date(now().getTime() + 31 * 86_400_000))).rejects.toBeInstanceOf(
      Unauthenticated,
    );

    const demoted = await ownerWithToken(["licenses:read"]);
    await database.db.update(t.orgMembers).set({ role: "member" }).where(eq(t.orgMembers.userId, demoted.user.id));
    await expect(authenticate(demoted.value)).rejects.toBeInstanceOf(Unauthenticated);
  });

  it("keeps customer and management tokens apart", async () => {
    const { value, token } = await ownerWithToken(["licenses:read"]);
    await expect(
      authenticateApiToken(database.db, secrets.hasher, { authorization: bearer(value), now: now() }),
    ).rejects.toBeInstanceOf(Unauthenticated);
    const admin = await makeUser(database.db, { staffRole: "admin" });
    const staff: StaffCtx = {
      db: database.db,
      now,
      actor: { type: "staff", userId: admin.id, email: admin.email, role: "admin" },
    };
    expect((await listApiTokens(staff)).map((listed) => listed.id)).not.toContain(token.id);
  });

  it("cannot be revoked from another organization", async () => {
    const mine = await ownerWithToken(["licenses:read"]);
    const other = await makeLicenseWithKey(database.db, secrets, { now });
    await expect(revokeCustomerApiToken(other.ctx, { tokenId: mine.token.id })).rejects.toBeInstanceOf(NotFound);
  });
});
