/**
 * Issue 15 acceptance, over the real route handlers: a management API token builds a product, an
 * edition with two entitlements, a customer and a license, and the license's key validates through
 * the client API. Scopes, revocation, expiry, rolling, idempotency, pagination and ETags.
 */
import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createApiToken, revokeApiToken, rollApiToken } from "@/lib/api-tokens";
import { auditEvents, idempotencyKeys, licenseKeys, licenses } from "@/lib/db/schema";
import { openLicenseKey } from "@/lib/licensing";
import { harness } from "@/testing/app-harness";
import { changedTables, databaseFingerprint } from "@/testing/database-fingerprint";
import { MANAGEMENT_OPERATIONS } from "@/lib/management/operations";
import { makeSigner, makeUser, staffCtx, testSecrets } from "@/testing/factories";
import { useTestDatabase } from "@/testing/test-database";
import type { ApiTokenScope } from "@/lib/validations/api-tokens";
import { GET, PATCH, POST } from "./[...path]/route";
import { POST as validate } from "../licenses/validate/route";

const database = useTestDatabase();
const secrets = testSecrets();
const reason = { reason: "provisioned by the CRM", reasonCategory: "customer_request" } as const;
const handlers = { GET, POST, PATCH } as const;

type Call = { method?: keyof typeof handlers; token?: string; body?: unknown; headers?: Record<string, string> };

async function call(path: string, { method = "GET", token, body, headers = {} }: Call = {}) {
  const request = new Request(`http://localhost:3000/api/v1/manage${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const response = await handlers[method](request);
  const text = await response.text();
  // The answer's shape is what these tests check, field by field.
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as any };
}

describe("management API", () => {
  let adminCtx: ReturnType<typeof staffCtx>;
  const tokenOf = async (scope: ApiTokenScope, { now = () => new Date(), expiresOn = null as Date | null } = {}) => {
    const { token, value } = await createApiToken(
      { ...adminCtx, now },
      { name: `${scope} token`, scope, expiresOn, ...reason },
      { hasher: secrets.hasher },
    );
    return { id: token.id, value: value.reveal() };
  };

  beforeAll(async () => {
    const { signer } = await makeSigner(database.db, secrets, () => new Date());
    Object.assign(harness, { db: database.db, secrets, signer });
    const admin = await makeUser(database.db, { staffRole: "admin" });
    adminCtx = staffCtx(database.db, admin, "admin", () => new Date());
  });

  async function provisionLicense(token: string, code: string) {
    const product = await call("/products", {
      method: "POST",
      token,
      body: { code, name: `Studio ${code}`, ...reason },
    });
    expect(product.status, JSON.stringify(product.body)).toBe(201);
    const features = await Promise.all(
      ["export", "render"].map((feature) =>
        call(`/products/${product.body.id}/features`, {
          method: "POST",
          token,
          body: { code: feature, name: feature, ...reason },
        }),
      ),
    );
    const edition = await call(`/products/${product.body.id}/editions`, {
      method: "POST",
      token,
      body: {
        code: "pro",
        name: "Pro",
        featureIds: features.map((f) => f.body.id),
        defaultSeats: 3,
        defaultTermDays: 365,
        defaultOfflineGraceDays: 7,
        ...reason,
      },
    });
    expect(edition.status, JSON.stringify(edition.body)).toBe(201);
    const customer = await call("/customers", {
      method: "POST",
      token,
      body: { name: "Acme Robotics", ownerEmail: `owner-${code}@test.example`, ...reason },
    });
    expect(customer.status, JSON.stringify(customer.body)).toBe(201);
    const license = await call("/licenses", {
      method: "POST",
      token,
      body: {
        orgId: customer.body.id,
        editionId: edition.body.id,
        seats: 3,
        termDays: 365,
        offlineGraceDays: 7,
        ...reason,
      },
    });
    expect(license.status, JSON.stringify(license.body)).toBe(201);
    return { product: product.body, edition: edition.body, customer: customer.body, license: license.body };
  }

  it("builds a product, an edition with two entitlements, a customer and a license whose key validates through the client API", async () => {
    const { value } = await tokenOf("full");
    const { license, product } = await provisionLicense(value, "studio-accept");
    expect((license.entitlements as { code: string }[]).map((e) => e.code).sort()).toEqual(["export", "render"]);
    // The API never returns key material; the customer reveals the key in the portal. Read it as the portal would.
    const [keyRow] = await database.db
      .select()
      .from(licenseKeys)
      .where(and(eq(licenseKeys.licenseId, license.id), eq(licenseKeys.state, "active")));
    const key = openLicenseKey(secrets.ring, keyRow!);
    const answer = await validate(
      new Request("http://localhost:3000/api/v1/licenses/validate", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ key, product: product.code }),
      }),
    );
    expect(await answer.json()).toMatchObject({ valid: true, code: "VALID" });
  });

  it("records the token, not the person, as the actor of every write", async () => {
    const { id, value } = await tokenOf("full");
    const { license } = await provisionLicense(value, "studio-audit");
    const [created] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "license.created"), eq(auditEvents.subjectId, license.id)));
    expect(created!.actorLabel).toMatch(/^api-token:rk_live_/);
    const listed = await call(`/events?license=${license.id}`, { token: value });
    expect(listed.body.data).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: "license.created", actor: created!.actorLabel })]),
    );
    expect(id).toBeTruthy();
  });

  it("gives a read-only token 403 on writes and answers its reads", async () => {
    const { value } = await tokenOf("read");
    const write = await call("/products", {
      method: "POST",
      token: value,
      body: { code: "ro-product", name: "Read only", ...reason },
    });
    expect(write.status).toBe(403);
    expect(write.body.code).toBe("FORBIDDEN");
    expect((await call("/products", { token: value })).status).toBe(200);
  });

  it("gives a licenses:write token 403 on the catalogue", async () => {
    const { value } = await tokenOf("licenses:write");
    expect(
      (
        await call("/products", {
          method: "POST",
          token: value,
          body: { code: "lw-product", name: "Licenses only", ...reason },
        })
      ).status,
    ).toBe(403);
  });

  it("answers 401 without a token, with an unknown one, a revoked one and an expired one", async () => {
    expect((await call("/products")).status).toBe(401);
    expect((await call("/products")).headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await call("/products", { token: "rk_live_not-a-real-token" })).status).toBe(401);
    const revoked = await tokenOf("full");
    await revokeApiToken(adminCtx, { tokenId: revoked.id, ...reason });
    expect((await call("/products", { token: revoked.value })).status).toBe(401);
    const longAgo = () => new Date("2025-01-01T00:00:00Z");
    const expired = await tokenOf("full", { now: longAgo, expiresOn: new Date("2025-02-01T23:59:59Z") });
    expect((await call("/products", { token: expired.value })).status).toBe(401);
  });

  it("keeps a rolled token's old value working until its overlap ends, and the new value after it", async () => {
    // The route reads the clock itself: move the process's Date (only Date; timers stay real).
    const rolledAt = new Date();
    const at = (minutesAfterRoll: number) => vi.setSystemTime(new Date(rolledAt.getTime() + minutesAfterRoll * 60_000));
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      at(0);
      const old = await tokenOf("full");
      const rolled = await rollApiToken(
        adminCtx,
        { tokenId: old.id, overlapMinutes: 60, ...reason },
        { hasher: secrets.hasher },
      );
      expect(rolled.oldValueValidUntil).toEqual(new Date(rolledAt.getTime() + 60 * 60_000));
      at(59);
      expect((await call("/products", { token: old.value })).status).toBe(200);
      expect((await call("/products", { token: rolled.value.reveal() })).status).toBe(200);
      at(60);
      const afterOverlap = await call("/products", { token: old.value });
      expect(afterOverlap.status).toBe(401);
      expect(afterOverlap.body.code).toBe("UNAUTHENTICATED");
      expect((await call("/products", { token: rolled.value.reveal() })).status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
  });

  it("stops a rolled token's old value at once when it is rolled with no overlap", async () => {
    const old = await tokenOf("full");
    const rolled = await rollApiToken(
      adminCtx,
      { tokenId: old.id, overlapMinutes: 0, ...reason },
      { hasher: secrets.hasher },
    );
    expect((await call("/products", { token: old.value })).status).toBe(401);
    expect((await call("/products", { token: rolled.value.reveal() })).status).toBe(200);
  });

  describe("Idempotency-Key", () => {
    let token: string;
    let body: Record<string, unknown>;
    const licenseCount = async () =>
      (
        await database.db
          .select({ n: count() })
          .from(licenses)
          .where(eq(licenses.orgId, body.orgId as string))
      )[0]!.n;

    beforeAll(async () => {
      token = (await tokenOf("full")).value;
      const { customer, edition } = await provisionLicense(token, "studio-idem");
      body = { orgId: customer.id, editionId: edition.id, seats: 2, termDays: 30, offlineGraceDays: 7, ...reason };
    });

    it("replays the first answer for the same key and body, creating one license", async () => {
      const before = await licenseCount();
      const first = await call("/licenses", {
        method: "POST",
        token,
        body,
        headers: { "idempotency-key": "order-1001" },
      });
      const second = await call("/licenses", {
        method: "POST",
        token,
        body,
        headers: { "idempotency-key": "order-1001" },
      });
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.headers.get("idempotent-replayed")).toBe("true");
      expect(second.body.id).toBe(first.body.id);
      expect(await licenseCount()).toBe(before + 1);
    });

    it("answers 422 for the same key with another body, and changes nothing", async () => {
      await call("/licenses", { method: "POST", token, body, headers: { "idempotency-key": "order-1002" } });
      const before = await licenseCount();
      const other = await call("/licenses", {
        method: "POST",
        token,
        body: { ...body, seats: 5 },
        headers: { "idempotency-key": "order-1002" },
      });
      expect(other.status).toBe(422);
      expect(other.body.code).toBe("IDEMPOTENCY_KEY_REUSED");
      expect(await licenseCount()).toBe(before);
    });

    it("creates one license from two concurrent calls with one key", async () => {
      const before = await licenseCount();
      const answers = await Promise.all(
        [1, 2].map(() =>
          call("/licenses", { method: "POST", token, body, headers: { "idempotency-key": "order-1003" } }),
        ),
      );
      expect(answers.map((a) => a.status).sort()).toEqual(expect.arrayContaining([201]));
      for (const answer of answers) expect([201, 409], JSON.stringify(answer.body)).toContain(answer.status);
      expect(await licenseCount()).toBe(before + 1);
    });

    it("does not remember a refused request, so a corrected retry with the same key runs", async () => {
      const refused = await call("/licenses", {
        method: "POST",
        token,
        body: { ...body, editionId: "00000000-0000-4000-8000-000000000000" },
        headers: { "idempotency-key": "order-1004" },
      });
      expect(refused.status).toBe(400);
      // The refusal changed nothing and released the key: another body with it is not a 422.
      const corrected = await call("/licenses", {
        method: "POST",
        token,
        body,
        headers: { "idempotency-key": "order-1004" },
      });
      expect(corrected.status).toBe(201);
      expect(corrected.headers.get("idempotent-replayed")).toBeNull();
    });
  });

  it("pages every list with limit and an opaque cursor, and refuses a forged cursor naming the field", async () => {
    const { value } = await tokenOf("read");
    const first = await call("/licenses?limit=1", { token: value });
    expect(first.body.data).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await call(`/licenses?limit=1&cursor=${first.body.nextCursor}`, { token: value });
    expect(second.body.data[0]).not.toEqual(first.body.data[0]);
    const forged = await call("/licenses?cursor=bm90LWEtY3Vyc29y", { token: value });
    expect(forged.status).toBe(400);
    expect(forged.body.errors).toEqual([expect.objectContaining({ field: "cursor" })]);
    const badLimit = await call("/licenses?limit=1000", { token: value });
    expect(badLimit.body.errors).toEqual([expect.objectContaining({ field: "limit" })]);
  });

  it("filters licenses by customer, product, status and expiry", async () => {
    const { value } = await tokenOf("full");
    const { customer, product, license } = await provisionLicense(value, "studio-filter");
    const byCustomer = await call(
      `/licenses?customer=${customer.id}&product=${product.id}&status=active&expiringAfter=2026-01-01T00:00:00Z`,
      { token: value },
    );
    expect(byCustomer.body.data.map((row: { id: string }) => row.id)).toEqual([license.id]);
    const suspended = await call(`/licenses?customer=${customer.id}&status=suspended`, { token: value });
    expect(suspended.body.data).toEqual([]);
    const expiringSoon = await call(`/licenses?customer=${customer.id}&expiringBefore=2020-01-01T00:00:00Z`, {
      token: value,
    });
    expect(expiringSoon.body.data).toEqual([]);
  });

  it("suspends, reinstates and changes seats through the lifecycle use cases", async () => {
    const { value } = await tokenOf("licenses:write");
    const full = await tokenOf("full");
    const { license } = await provisionLicense(full.value, "studio-life");
    expect(
      (await call(`/licenses/${license.id}/suspend`, { method: "POST", token: value, body: reason })).body.status,
    ).toBe("suspended");
    expect(
      (await call(`/licenses/${license.id}/reinstate`, { method: "POST", token: value, body: reason })).body.status,
    ).toBe("active");
    expect(
      (await call(`/licenses/${license.id}`, { method: "PATCH", token: value, body: { seats: 9, ...reason } })).body
        .seats,
    ).toBe(9);
    const rotation = await call(`/licenses/${license.id}/rotations`, {
      method: "POST",
      token: value,
      body: { overlapMinutes: 1440, ...reason },
    });
    expect(rotation.status, JSON.stringify(rotation.body)).toBe(201);
    expect((await call(`/licenses/${license.id}/rotations`, { token: value })).body.data).toHaveLength(1);
  });

  it("answers reads with an ETag and 304 when it still matches", async () => {
    const { value } = await tokenOf("read");
    const first = await call("/products", { token: value });
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^W\/"/);
    const again = await handlers.GET(
      new Request("http://localhost:3000/api/v1/manage/products", {
        headers: { authorization: `Bearer ${value}`, "if-none-match": etag },
      }),
    );
    expect(again.status).toBe(304);
  });

  it("answers 404 for an unknown path or id and 405 naming the allowed methods", async () => {
    const { value } = await tokenOf("full");
    expect((await call("/nothing-here", { token: value })).status).toBe(404);
    expect((await call("/licenses/not-an-id", { token: value })).status).toBe(404);
    expect((await call("/licenses/00000000-0000-4000-8000-000000000000", { token: value })).status).toBe(404);
    const wrongMethod = await call("/events", { method: "POST", token: value, body: {} });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("GET");
  });

  it("adds, lists and deletes vendor webhook endpoints; the signing secret is answered once and never kept for Idempotency-Key replay", async () => {
    const token = (await tokenOf("catalogue:write")).value;
    const body = {
      url: "https://crm.test.example/rekey-hooks",
      description: "CRM",
      eventTypes: ["license.created", "device.activated"],
      ...reason,
    };
    const created = await call("/webhook-endpoints", {
      method: "POST",
      token,
      body,
      headers: { "idempotency-key": "crm-hook-1" },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      url: body.url,
      eventTypes: body.eventTypes,
      secret: expect.stringMatching(/^whsec_/),
    });
    const stored = await database.db.select({ body: idempotencyKeys.responseBody }).from(idempotencyKeys);
    expect(JSON.stringify(stored)).not.toContain(created.body.secret);
    // A retry cannot make a second endpoint (or a second secret): the URL is taken.
    expect(
      (await call("/webhook-endpoints", { method: "POST", token, body, headers: { "idempotency-key": "crm-hook-1" } }))
        .status,
    ).toBe(409);

    const listed = await call("/webhook-endpoints", { token });
    expect(listed.body.data).toContainEqual({
      id: created.body.id,
      url: body.url,
      description: "CRM",
      eventTypes: body.eventTypes,
      isEnabled: true,
      createdAt: expect.any(String),
    });
    expect(JSON.stringify(listed.body)).not.toMatch(/whsec_|secret/i);
    const deleted = await call(`/webhook-endpoints/${created.body.id}/delete`, {
      method: "POST",
      token,
      body: { ...reason },
    });
    expect(deleted).toMatchObject({ status: 200, body: { id: created.body.id, isDeleted: true } });
    expect((await call("/webhook-endpoints", { token })).body.data).not.toContainEqual(
      expect.objectContaining({ id: created.body.id }),
    );
  });

  describe("every operation refuses the wrong credential before reading anything", () => {
    const NO_SUCH_ID = "00000000-0000-4000-8000-000000000000";
    const pathOf = (path: string) => path.replace(/\{\w+\}/g, NO_SUCH_ID);
    const wrongScopes: Record<string, ApiTokenScope[]> = {
      read: [],
      "licenses:write": ["read", "catalogue:write"],
      "catalogue:write": ["read", "licenses:write"],
    };

    it.each(MANAGEMENT_OPERATIONS.map((operation) => [`${operation.method} ${operation.path}`, operation] as const))(
      "%s",
      async (_, operation) => {
        const before = await databaseFingerprint(database.db);
        const body = operation.method === "GET" ? undefined : { ...reason };
        // A customer's session is no credential here: no Authorization header at all.
        expect((await call(pathOf(operation.path), { method: operation.method, body })).status).toBe(401);
        for (const scope of wrongScopes[operation.scope]!) {
          const { value } = await tokenOf(scope);
          const fingerprint = await databaseFingerprint(database.db);
          const answer = await call(pathOf(operation.path), { method: operation.method, token: value, body });
          expect(answer.status, `${scope} token on ${operation.operationId}`).toBe(403);
          expect(changedTables(fingerprint, await databaseFingerprint(database.db))).toEqual([]);
        }
        // Only the tokens this test made itself changed anything.
        expect(
          changedTables(before, await databaseFingerprint(database.db)).filter(
            (table) => !["public.api_tokens", "public.audit_events"].includes(table),
          ),
        ).toEqual([]);
      },
    );
  });
});
