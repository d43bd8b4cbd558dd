/**
 * Issue 20 acceptance, over the real route handlers: an organization's directory creates, finds,
 * deactivates and deletes a person with its SCIM token (RFC 7644); deactivation ends the person's
 * sessions and revokes the tokens they made; another organization's token gets 404; every error is
 * in SCIM's error shape (§3.12).
 */
import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as t from "@/lib/db/schema";
import { rotateScimToken } from "@/lib/identity";
import { harness } from "@/testing/app-harness";
import { makeOrg, orgCtx, testSecrets } from "@/testing/factories";
import { useTestDatabase } from "@/testing/test-database";
import { DELETE, GET as getUser, PATCH } from "./Users/[id]/route";
import { GET as listUsers, POST } from "./Users/route";

const database = useTestDatabase();
const secrets = testSecrets();
const BASE = "http://localhost:3000/scim/v2/Users";
const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

async function directoryOf() {
  const { org, user } = await makeOrg(database.db);
  const owner = orgCtx(database.db, { orgId: org.id, user, now: () => new Date() });
  const { value } = await rotateScimToken(owner, { hasher: secrets.hasher });
  const token = value.reveal();
  const send = async (
    handler: (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>,
    {
      id = "",
      method = "GET",
      query = "",
      body,
    }: { id?: string; method?: string; query?: string; body?: unknown } = {},
  ) => {
    const response = await handler(
      new Request(`${BASE}${id ? `/${id}` : ""}${query}`, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
      { params: Promise.resolve({ id }) },
    );
    // The answer's shape is what these tests check.
    return { status: response.status, body: response.status === 204 ? null : ((await response.json()) as any) };
  };
  return { org, owner, send };
}

describe("SCIM 2.0 Users per organization", () => {
  beforeAll(() => {
    Object.assign(harness, { db: database.db, secrets });
  });

  it("creates a person, finds them by userName, deactivates them (sessions end, their tokens are revoked) and deletes them", async () => {
    const { org, send } = await directoryOf();
    const email = `hana-${org.id.slice(0, 8)}@directory.example`;
    const created = await send(POST, {
      method: "POST",
      body: { schemas: [USER_SCHEMA], userName: email, externalId: "00u1", active: true },
    });
    expect(created).toMatchObject({
      status: 201,
      body: {
        schemas: [USER_SCHEMA],
        userName: email,
        externalId: "00u1",
        active: true,
        meta: { resourceType: "User" },
      },
    });
    expect(created.body.meta.location).toMatch(/\/scim\/v2\/Users\/[0-9a-f-]{36}$/);
    const id = created.body.id as string;
    const [person] = await database.db.select().from(t.users).where(eq(t.users.email, email));
    const membership = () =>
      database.db
        .select()
        .from(t.orgMembers)
        .where(and(eq(t.orgMembers.orgId, org.id), eq(t.orgMembers.userId, person!.id)));
    expect(await membership()).toHaveLength(1);

    const found = await send(listUsers, { query: `?filter=${encodeURIComponent(`userName eq "${email}"`)}` });
    expect(found.body).toMatchObject({ totalResults: 1, Resources: [{ id, userName: email }] });
    expect(await send(POST, { method: "POST", body: { schemas: [USER_SCHEMA], userName: email } })).toMatchObject({
      status: 409,
      body: { status: "409", scimType: "uniqueness" },
    });

    // The person signed in and made a token for the organization's automation.
    await database.db
      .insert(t.sessions)
      .values({ sessionToken: `s-${id}`, userId: person!.id, expires: new Date(Date.now() + 86_400_000) });
    await database.db.insert(t.apiTokens).values({
      name: "ci",
      prefix: "rk_org_person",
      digest: `digest-${id}`,
      scopes: ["licenses:read"],
      orgId: org.id,
      createdBy: person!.id,
      createdAt: new Date(),
    });

    const deactivated = await send(PATCH, {
      id,
      method: "PATCH",
      body: { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "active", value: false }] },
    });
    expect(deactivated).toMatchObject({ status: 200, body: { id, active: false } });
    expect(await membership()).toEqual([]);
    expect(await database.db.select().from(t.sessions).where(eq(t.sessions.userId, person!.id))).toEqual([]);
    const liveTokens = await database.db
      .select()
      .from(t.apiTokens)
      .where(and(eq(t.apiTokens.createdBy, person!.id), isNull(t.apiTokens.revokedAt)));
    expect(liveTokens).toEqual([]);

    // Okta's form: a value object without a path.
    const reactivated = await send(PATCH, {
      id,
      method: "PATCH",
      body: { schemas: [PATCH_OP], Operations: [{ op: "Replace", value: { active: true } }] },
    });
    expect(reactivated.body.active).toBe(true);
    expect(await membership()).toHaveLength(1);

    expect(await send(DELETE, { id, method: "DELETE" })).toEqual({ status: 204, body: null });
    expect(await membership()).toEqual([]);
    expect((await send(getUser, { id })).status).toBe(404);
    const actions = await database.db
      .select({ action: t.auditEvents.action })
      .from(t.auditEvents)
      .where(eq(t.auditEvents.orgId, org.id));
    expect(actions.map(({ action }) => action)).toEqual(
      expect.arrayContaining(["org.scim_token_rotated", "member.provisioned", "member.deprovisioned"]),
    );
  });

  it("answers another organization's token with 404 for this organization's User, and lists none of them", async () => {
    const mine = await directoryOf();
    const theirs = await directoryOf();
    const created = await mine.send(POST, {
      method: "POST",
      body: { schemas: [USER_SCHEMA], userName: `ivan-${mine.org.id.slice(0, 8)}@directory.example` },
    });
    const id = created.body.id as string;
    expect(await theirs.send(getUser, { id })).toMatchObject({
      status: 404,
      body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "404" },
    });
    const patch = { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "active", value: false }] };
    expect((await theirs.send(PATCH, { id, method: "PATCH", body: patch })).status).toBe(404);
    expect((await theirs.send(DELETE, { id, method: "DELETE" })).status).toBe(404);
    expect((await theirs.send(listUsers)).body.totalResults).toBe(0);
    expect((await mine.send(getUser, { id })).body.active).toBe(true);
  });

  it("refuses a missing or replaced token with 401, and bad input with 400 naming the field, in SCIM's error shape", async () => {
    const { owner, send } = await directoryOf();
    const anonymous = await POST(new Request(BASE, { method: "POST" }), { params: Promise.resolve({}) });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("content-type")).toBe("application/scim+json");

    expect(
      await send(POST, { method: "POST", body: { schemas: [USER_SCHEMA], userName: "not an email" } }),
    ).toMatchObject({
      status: 400,
      body: { status: "400", scimType: "invalidValue", detail: expect.stringContaining("userName") },
    });
    expect(await send(listUsers, { query: `?filter=${encodeURIComponent('name.givenName sw "a"')}` })).toMatchObject({
      status: 400,
      body: { scimType: "invalidFilter" },
    });
    expect((await send(getUser, { id: "not-a-uuid" })).status).toBe(404);

    await rotateScimToken(owner, { hasher: secrets.hasher });
    expect((await send(listUsers)).status).toBe(401);
  });
});
