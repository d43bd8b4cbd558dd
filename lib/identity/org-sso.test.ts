import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import * as t from "@/lib/db/schema";
import { Forbidden, InvalidInput, PolicyViolation } from "@/lib/errors";
import { parseMasterKeyRing } from "@/lib/crypto";
import { rewrapMasterKey } from "@/lib/key-governance";
import { createOutgoingHttp } from "@/lib/net";
import {
  findPersonInOrg,
  fixedNow,
  makeOrg,
  makeUser,
  orgCtx,
  staffCtx,
  systemActor,
  testSecrets,
} from "@/testing/factories";
import { startFakeOidcProvider } from "@/testing/fake-oidc-provider";
import { useTestDatabase } from "@/testing/test-database";
import {
  addOrgDomain,
  assertMagicLinkAllowed,
  completeSsoSignIn,
  connectOidcProvider,
  findSsoOrganization,
  getSsoConnection,
  resetSsoConnection,
  setSsoRequirement,
  startSsoSignIn,
  verifyOrgDomain,
} from "./index";

const CLIENT_ID = "rekey-test-client";
const REDIRECT_URI = "https://rekey.test/signin/sso/callback";

describe("single sign-on through an organization's OpenID provider", () => {
  const database = useTestDatabase();
  const secrets = testSecrets();
  // The test provider listens on loopback: allowed here as REKEY_OUTGOING_ALLOW_PRIVATE allows it.
  const deps = {
    outgoingHttp: createOutgoingHttp({ allowPrivate: true }),
    ring: secrets.ring,
    redirectUri: REDIRECT_URI,
    serviceProvider: {
      entityId: "https://rekey.test/signin/sso/saml/metadata",
      acsUrl: "https://rekey.test/signin/sso/saml/acs",
    },
  };
  let provider: Awaited<ReturnType<typeof startFakeOidcProvider>>;
  beforeAll(async () => {
    provider = await startFakeOidcProvider({ clientId: CLIENT_ID });
  });
  afterAll(() => provider.close());

  /** An organization with `domain` verified and the test provider connected. */
  async function ssoOrganization(domain = `sso-${Math.random().toString(36).slice(2, 8)}.example`) {
    const { org, user } = await makeOrg(database.db);
    const owner = orgCtx(database.db, { orgId: org.id, user });
    const challenge = await addOrgDomain(owner, { domain });
    await verifyOrgDomain(owner, { domainId: challenge.id }, async () => [[challenge.recordValue]]);
    await connectOidcProvider(
      owner,
      { issuer: provider.issuer, clientId: CLIENT_ID, clientSecret: "test-secret", defaultRole: "member" },
      deps,
    );
    return { org, owner, domain };
  }

  async function signInThroughProvider(email: string, shape: Parameters<typeof provider.authorize>[1] = {}) {
    const now = new Date();
    const started = await startSsoSignIn(database.db, now, { email, callbackUrl: "/licenses" }, deps);
    const { code, state } = provider.authorize(started.authorizationUrl, {
      ...shape,
      claims: { email, email_verified: true, ...shape.claims },
    });
    const callbackUrl = new URL(`${REDIRECT_URI}?code=${code}&state=${state}`);
    return completeSsoSignIn(database.db, now, { callbackUrl, stateCookie: started.state }, deps);
  }

  it("signs a person of a verified domain in, adds them with the default role, and opens a session", async () => {
    const { org, domain } = await ssoOrganization();
    const email = `carol@${domain}`;
    const session = await signInThroughProvider(email);
    expect(session.redirectTo).toBe("/licenses");
    const person = await findPersonInOrg(database.db, org.id, email);
    expect(person?.role).toBe("member");
    const [row] = await database.db.select().from(t.sessions).where(eq(t.sessions.sessionToken, session.sessionToken));
    expect(row?.userId).toBe(person!.userId);
    const audit = await database.db.select().from(t.auditEvents).where(eq(t.auditEvents.orgId, org.id));
    expect(audit.map((event) => event.action)).toContain("member.joined_by_sso");

    // A second sign-in finds the membership; no second join.
    await signInThroughProvider(email);
    const joins = await database.db
      .select()
      .from(t.auditEvents)
      .where(and(eq(t.auditEvents.orgId, org.id), eq(t.auditEvents.action, "member.joined_by_sso")));
    expect(joins).toHaveLength(1);
  });

  it.each([
    ["an ID token for another client (wrong audience)", { claims: { aud: "someone-else" } }],
    ["an ID token answering another request (wrong nonce)", { claims: { nonce: "not-the-nonce" } }],
    ["an ID token signed by a key the provider does not publish", { signWithUnpublishedKey: true }],
    ["an ID token from another issuer", { claims: { iss: "https://evil.example" } }],
    ["an expired ID token", { claims: { exp: Math.floor(Date.now() / 1000) - 3600 } }],
  ])("refuses %s and opens no session", async (_name, shape) => {
    const { domain } = await ssoOrganization();
    const email = `mallory@${domain}`;
    await expect(signInThroughProvider(email, shape)).rejects.toBeInstanceOf(Forbidden);
    expect(await database.db.select().from(t.users).where(eq(t.users.email, email))).toEqual([]);
  });

  it("binds the provider's subject at first sign-in: the same email with another sub is refused", async () => {
    const { domain } = await ssoOrganization();
    const email = `lee@${domain}`;
    await signInThroughProvider(email);
    await expect(signInThroughProvider(email, { claims: { sub: "a-recycled-address" } })).rejects.toBeInstanceOf(
      Forbidden,
    );
    const other = `max@${domain}`;
    await expect(signInThroughProvider(other, { claims: { sub: `subject:${email}` } })).rejects.toBeInstanceOf(
      Forbidden,
    );
    expect(await database.db.select().from(t.users).where(eq(t.users.email, other))).toEqual([]);
    await signInThroughProvider(email);
  });

  it("refuses a person the provider vouches for outside the organization's verified domains", async () => {
    await ssoOrganization();
    const victim = await makeUser(database.db, { email: `victim-${Date.now()}@elsewhere.example` });
    const { domain } = await ssoOrganization();
    const now = new Date();
    const started = await startSsoSignIn(database.db, now, { email: `anyone@${domain}`, callbackUrl: "/" }, deps);
    // A hostile provider names someone of another company.
    const { code, state } = provider.authorize(started.authorizationUrl, { claims: { email: victim.email } });
    const callbackUrl = new URL(`${REDIRECT_URI}?code=${code}&state=${state}`);
    await expect(
      completeSsoSignIn(database.db, now, { callbackUrl, stateCookie: started.state }, deps),
    ).rejects.toBeInstanceOf(Forbidden);
    expect(await database.db.select().from(t.sessions).where(eq(t.sessions.userId, victim.id))).toEqual([]);
  });

  it("refuses a callback from another browser, and a replayed or stale one", async () => {
    const { domain } = await ssoOrganization();
    const now = new Date();
    const started = await startSsoSignIn(database.db, now, { email: `dave@${domain}`, callbackUrl: "/" }, deps);
    const { code, state } = provider.authorize(started.authorizationUrl, { claims: { email: `dave@${domain}` } });
    const callbackUrl = new URL(`${REDIRECT_URI}?code=${code}&state=${state}`);
    await expect(
      completeSsoSignIn(database.db, now, { callbackUrl, stateCookie: "another-browser" }, deps),
    ).rejects.toBeInstanceOf(Forbidden);
    await expect(
      completeSsoSignIn(database.db, now, { callbackUrl, stateCookie: undefined }, deps),
    ).rejects.toBeInstanceOf(Forbidden);
    await completeSsoSignIn(database.db, now, { callbackUrl, stateCookie: started.state }, deps);
    await expect(
      completeSsoSignIn(database.db, now, { callbackUrl, stateCookie: started.state }, deps),
    ).rejects.toBeInstanceOf(Forbidden);

    const late = await startSsoSignIn(database.db, now, { email: `dave@${domain}`, callbackUrl: "/" }, deps);
    const answer = provider.authorize(late.authorizationUrl, { claims: { email: `dave@${domain}` } });
    const afterTenMinutes = new Date(now.getTime() + 11 * 60_000);
    await expect(
      completeSsoSignIn(
        database.db,
        afterTenMinutes,
        { callbackUrl: new URL(`${REDIRECT_URI}?code=${answer.code}&state=${answer.state}`), stateCookie: late.state },
        deps,
      ),
    ).rejects.toBeInstanceOf(Forbidden);
  });

  it("sends SSO with PKCE (S256), state and nonce, and only for a verified domain with a provider", async () => {
    const { domain } = await ssoOrganization();
    const started = await startSsoSignIn(database.db, new Date(), { email: `erin@${domain}`, callbackUrl: "/" }, deps);
    const request = new URL(started.authorizationUrl).searchParams;
    expect(request.get("code_challenge_method")).toBe("S256");
    expect(request.get("redirect_uri")).toBe(REDIRECT_URI);
    expect(request.get("nonce")).toBeTruthy();
    expect(request.get("state")).toBe(started.state);
    await expect(
      startSsoSignIn(database.db, new Date(), { email: "erin@unclaimed.example", callbackUrl: "/" }, deps),
    ).rejects.toBeInstanceOf(InvalidInput);
  });

  it("requires SSO only with a verified domain, then refuses the magic link there, and lets staff reset the set-up with a reason", async () => {
    const { org, user } = await makeOrg(database.db);
    const owner = orgCtx(database.db, { orgId: org.id, user });
    const connect = { issuer: provider.issuer, clientId: CLIENT_ID, clientSecret: "s", defaultRole: "member" as const };
    await expect(setSsoRequirement(owner, { isSsoRequired: true })).rejects.toBeInstanceOf(PolicyViolation);
    await connectOidcProvider(owner, connect, deps);
    await expect(setSsoRequirement(owner, { isSsoRequired: true })).rejects.toThrow("Verify at least one email domain");

    const { org: other, owner: otherOwner, domain } = await ssoOrganization();
    await assertMagicLinkAllowed(database.db, `frank@${domain}`);
    await setSsoRequirement(otherOwner, { isSsoRequired: true });
    await expect(assertMagicLinkAllowed(database.db, `frank@${domain}`)).rejects.toThrow(
      `${other.name} requires you to sign in through its identity provider`,
    );
    await assertMagicLinkAllowed(database.db, "frank@elsewhere.example");
    expect(await findSsoOrganization(database.db, `frank@${domain}`)).toMatchObject({
      orgId: other.id,
      isSsoRequired: true,
    });
    const support = staffCtx(database.db, await makeUser(database.db, { staffRole: "support" }), "support", fixedNow());
    await resetSsoConnection(support, {
      orgId: other.id,
      reason: "Owner locked out by a broken provider",
      reasonCategory: "customer_request",
    });
    expect(await getSsoConnection(database.db, other.id)).toBeNull();
    expect(await findSsoOrganization(database.db, `frank@${domain}`)).toBeNull();
    const [reset] = await database.db
      .select()
      .from(t.auditEvents)
      .where(and(eq(t.auditEvents.orgId, other.id), eq(t.auditEvents.action, "org.sso_reset")));
    expect(reset?.reason).toBe("Owner locked out by a broken provider");
  });

  it("refuses a provider the guard will not reach, naming the issuer field", async () => {
    const { org, user } = await makeOrg(database.db);
    const owner = orgCtx(database.db, { orgId: org.id, user });
    const guarded = { ...deps, outgoingHttp: createOutgoingHttp({ allowPrivate: false }) };
    const refused = await connectOidcProvider(
      owner,
      { issuer: provider.issuer, clientId: CLIENT_ID, clientSecret: "s", defaultRole: "member" },
      guarded,
    ).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(InvalidInput);
    expect((refused as InvalidInput).fieldErrors).toHaveProperty("issuer");
    expect(await getSsoConnection(database.db, org.id)).toBeNull();
  });

  it("keeps the client secret usable after the master key is rotated and re-wrapped", async () => {
    const { domain } = await ssoOrganization();
    const [current] = [...secrets.ring.byVersion.entries()];
    const next = parseMasterKeyRing(
      `v2:${Buffer.alloc(32, 7).toString("base64")},v${current![0]}:${current![1].toString("base64")}`,
    );
    const counts = await rewrapMasterKey({ db: database.db, now: fixedNow(), actor: systemActor }, { ring: next });
    expect(counts.ssoClientSecrets).toBeGreaterThan(0);
    const onlyNext = parseMasterKeyRing(`v2:${Buffer.alloc(32, 7).toString("base64")}`);
    await expect(
      startSsoSignIn(
        database.db,
        new Date(),
        { email: `gina@${domain}`, callbackUrl: "/" },
        { ...deps, ring: onlyNext },
      ),
    ).resolves.toMatchObject({ state: expect.any(String) });
  });
});
