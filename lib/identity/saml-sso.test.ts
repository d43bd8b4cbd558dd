import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import * as t from "@/lib/db/schema";
import { Forbidden, InvalidInput } from "@/lib/errors";
import { createOutgoingHttp } from "@/lib/net";
import { findPersonInOrg, makeOrg, makeUser, orgCtx, testSecrets } from "@/testing/factories";
import {
  TEST_IDP_ENTITY_ID,
  TEST_IDP_SSO_URL,
  testIdpMetadataXml,
  testSamlResponse,
  testWrappedSamlResponse,
  type TestSamlResponseShape,
} from "@/testing/saml-test-idp";
import { useTestDatabase } from "@/testing/test-database";
import {
  addOrgDomain,
  completeSamlSignIn,
  connectSamlProvider,
  getSsoConnection,
  recordSamlAssertion,
  samlServiceProviderMetadata,
  startSsoSignIn,
  verifyOrgDomain,
} from "./index";

const SERVICE_PROVIDER = {
  entityId: "https://rekey.test/signin/sso/saml/metadata",
  acsUrl: "https://rekey.test/signin/sso/saml/acs",
};

describe("single sign-on through an organization's SAML 2.0 identity provider", () => {
  const database = useTestDatabase();
  // Metadata is pasted in these tests; the guard is here for the URL case, and refuses loopback.
  const outgoingHttp = createOutgoingHttp({ allowPrivate: false });
  const deps = {
    outgoingHttp,
    ring: testSecrets().ring,
    redirectUri: "https://rekey.test/signin/sso/callback",
    serviceProvider: SERVICE_PROVIDER,
  };

  /** An organization with `domain` verified and the test identity provider connected by its metadata. */
  async function samlOrganization(domain = `saml-${Math.random().toString(36).slice(2, 8)}.example`) {
    const { org, user } = await makeOrg(database.db);
    const owner = orgCtx(database.db, { orgId: org.id, user });
    const challenge = await addOrgDomain(owner, { domain });
    await verifyOrgDomain(owner, { domainId: challenge.id }, async () => [[challenge.recordValue]]);
    await connectSamlProvider(owner, { metadataXml: testIdpMetadataXml(), defaultRole: "member" }, { outgoingHttp });
    return { org, owner, domain };
  }

  /** Starts a sign-in as the browser would; the returned `requestId` is what its cookie holds. */
  async function startSignIn(email: string) {
    const started = await startSsoSignIn(database.db, new Date(), { email, callbackUrl: "/licenses" }, deps);
    return { requestId: started.state, authorizationUrl: new URL(started.authorizationUrl) };
  }

  /** What the identity provider posts back for a request, as `shape` says. */
  const responseFor = (requestId: string, shape: Partial<TestSamlResponseShape> & { email: string }) =>
    testSamlResponse({
      inResponseTo: requestId,
      audience: SERVICE_PROVIDER.entityId,
      acsUrl: SERVICE_PROVIDER.acsUrl,
      ...shape,
    });

  const post = (samlResponse: string, requestCookie: string | undefined) =>
    completeSamlSignIn(database.db, new Date(), { samlResponse, requestCookie }, SERVICE_PROVIDER);

  const sessionsOf = async (email: string) =>
    database.db
      .select({ token: t.sessions.sessionToken })
      .from(t.sessions)
      .innerJoin(t.users, eq(t.users.id, t.sessions.userId))
      .where(eq(t.users.email, email));

  it("accepts an assertion signed by the configured identity provider: joins the person with the default role and opens a session", async () => {
    const { org, domain } = await samlOrganization();
    const email = `dana@${domain}`;
    const { requestId, authorizationUrl } = await startSignIn(email);
    expect(`${authorizationUrl.origin}${authorizationUrl.pathname}`).toBe(TEST_IDP_SSO_URL);
    expect(authorizationUrl.searchParams.get("SAMLRequest")).toBeTruthy();

    const session = await post(responseFor(requestId, { email }), requestId);

    expect(session.redirectTo).toBe("/licenses");
    const person = await findPersonInOrg(database.db, org.id, email);
    expect(person?.role).toBe("member");
    expect(await sessionsOf(email)).toEqual([{ token: session.sessionToken }]);
    const audit = await database.db.select().from(t.auditEvents).where(eq(t.auditEvents.orgId, org.id));
    expect(audit.map((event) => event.action)).toEqual(
      expect.arrayContaining(["org.sso_connected", "member.joined_by_sso"]),
    );
  });

  it.each([
    ["unsigned", { signWith: "none" }],
    ["signed by a key the organization did not configure", { signWith: "other" }],
    ["expired (NotOnOrAfter past, beyond the clock skew)", { issuedAt: new Date(Date.now() - 10 * 60_000) }],
    ["not yet valid (NotBefore ahead, beyond the clock skew)", { issuedAt: new Date(Date.now() + 10 * 60_000) }],
    ["for another audience", { audience: "https://other-sp.example/metadata" }],
    ["from another issuer", { issuer: "https://evil-idp.example/saml" }],
  ] as const)("refuses an assertion %s and opens no session", async (_case, shape) => {
    const { domain } = await samlOrganization();
    const email = `erin@${domain}`;
    const { requestId } = await startSignIn(email);
    await expect(post(responseFor(requestId, { email, ...shape }), requestId)).rejects.toBeInstanceOf(Forbidden);
    expect(await sessionsOf(email)).toEqual([]);
  });

  it("refuses a replayed response, also against a fresh request of the same browser", async () => {
    const { domain } = await samlOrganization();
    const email = `fay@${domain}`;
    const { requestId } = await startSignIn(email);
    const response = responseFor(requestId, { email });
    await post(response, requestId);
    await expect(post(response, requestId)).rejects.toBeInstanceOf(Forbidden);
    const fresh = await startSignIn(email);
    await expect(post(response, fresh.requestId)).rejects.toBeInstanceOf(Forbidden);
    expect(await sessionsOf(email)).toHaveLength(1);
  });

  it("refuses an assertion ID seen before even in a response to a new request (replay store)", async () => {
    const { domain } = await samlOrganization();
    const email = `gil@${domain}`;
    const first = await startSignIn(email);
    await post(responseFor(first.requestId, { email, assertionId: "_reused-assertion" }), first.requestId);
    const second = await startSignIn(email);
    await expect(
      post(responseFor(second.requestId, { email, assertionId: "_reused-assertion" }), second.requestId),
    ).rejects.toThrow(Forbidden);
    expect(await sessionsOf(email)).toHaveLength(1);
  });

  it("refuses a response to a request another browser started (InResponseTo bound to the cookie)", async () => {
    const { domain } = await samlOrganization();
    const email = `hal@${domain}`;
    const victims = await startSignIn(email);
    const attackers = await startSignIn(email);
    await expect(post(responseFor(victims.requestId, { email }), attackers.requestId)).rejects.toBeInstanceOf(
      Forbidden,
    );
    await expect(post(responseFor(victims.requestId, { email }), undefined)).rejects.toBeInstanceOf(Forbidden);
    expect(await sessionsOf(email)).toEqual([]);
  });

  it("refuses XML signature wrapping: a forged assertion around the genuinely signed one", async () => {
    const { domain } = await samlOrganization();
    const victim = await makeUser(database.db, { email: `owner-${Math.random().toString(36).slice(2, 8)}@${domain}` });
    const { requestId } = await startSignIn(`ivy@${domain}`);
    const wrapped = testWrappedSamlResponse(
      {
        email: `ivy@${domain}`,
        inResponseTo: requestId,
        audience: SERVICE_PROVIDER.entityId,
        acsUrl: SERVICE_PROVIDER.acsUrl,
      },
      victim.email!,
    );
    await expect(post(wrapped, requestId)).rejects.toBeInstanceOf(Forbidden);
    expect(await sessionsOf(victim.email!)).toEqual([]);
  });

  it("refuses a person the identity provider vouches for outside the organization's verified domains", async () => {
    const { domain } = await samlOrganization();
    const victim = await makeUser(database.db, {
      email: `victim-${Math.random().toString(36).slice(2, 8)}@elsewhere.example`,
    });
    const { requestId } = await startSignIn(`jo@${domain}`);
    await expect(post(responseFor(requestId, { email: victim.email! }), requestId)).rejects.toBeInstanceOf(Forbidden);
    expect(await sessionsOf(victim.email!)).toEqual([]);
  });

  it("binds the provider's subject at first sign-in: the same email under another NameID is refused", async () => {
    const { domain } = await samlOrganization();
    const email = `kim@${domain}`;
    const first = await startSignIn(email);
    await post(responseFor(first.requestId, { email, subject: "persistent-kim" }), first.requestId);
    const recycled = await startSignIn(email);
    await expect(
      post(responseFor(recycled.requestId, { email, subject: "persistent-someone-else" }), recycled.requestId),
    ).rejects.toBeInstanceOf(Forbidden);
    const again = await startSignIn(email);
    await post(responseFor(again.requestId, { email, subject: "persistent-kim" }), again.requestId);
    expect(await sessionsOf(email)).toHaveLength(2);
  });

  it("keeps the identity provider's entity ID, sign-in URL and signing certificate from its metadata", async () => {
    const { org } = await samlOrganization();
    expect(await getSsoConnection(database.db, org.id)).toMatchObject({
      protocol: "saml",
      issuer: TEST_IDP_ENTITY_ID,
      samlSsoUrl: TEST_IDP_SSO_URL,
      clientId: null,
    });
  });

  it.each([
    ["not XML", { metadataXml: "<<<" }, "metadataXml"],
    [
      "metadata without a signing certificate",
      { metadataXml: testIdpMetadataXml().replace(/<md:KeyDescriptor[\s\S]*?<\/md:KeyDescriptor>/, "") },
      "metadataXml",
    ],
    ["a metadata URL the SSRF guard refuses (loopback)", { metadataUrl: "http://127.0.0.1:9/metadata" }, "metadataUrl"],
  ] as const)("refuses %s, naming the field, and connects nothing", async (_case, input, field) => {
    const { org, user } = await makeOrg(database.db);
    const owner = orgCtx(database.db, { orgId: org.id, user });
    const refused = await connectSamlProvider(owner, { defaultRole: "member", ...input }, { outgoingHttp }).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(InvalidInput);
    expect((refused as InvalidInput).fieldErrors).toHaveProperty(field);
    expect(await getSsoConnection(database.db, org.id)).toBeNull();
  });

  it("publishes SP metadata with our entity ID, the ACS and WantAssertionsSigned", () => {
    const metadata = samlServiceProviderMetadata(SERVICE_PROVIDER);
    expect(metadata).toContain(`entityID="${SERVICE_PROVIDER.entityId}"`);
    expect(metadata).toContain(`Location="${SERVICE_PROVIDER.acsUrl}"`);
    expect(metadata).toContain('WantAssertionsSigned="true"');
  });

  it("accepts an assertion ID once in the replay store, also when two processes race, and forgets expired ones", async () => {
    const { org } = await makeOrg(database.db);
    const now = new Date();
    const assertion = { orgId: org.id, assertionId: "_raced", expiresAt: new Date(now.getTime() + 60_000) };
    const results = await Promise.all([
      recordSamlAssertion(database.db, now, assertion),
      recordSamlAssertion(database.db, now, assertion),
    ]);
    expect(results.sort()).toEqual([false, true]);
    const later = new Date(now.getTime() + 120_000);
    expect(await recordSamlAssertion(database.db, later, { ...assertion, assertionId: "_other" })).toBe(true);
    const kept = await database.db.select().from(t.samlUsedAssertions).where(eq(t.samlUsedAssertions.orgId, org.id));
    expect(kept.map((row) => row.assertionId)).toEqual(["_other"]);
  });
});
