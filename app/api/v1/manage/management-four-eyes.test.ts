/**
 * Issue 22: a management API token acts as the admin who made it, so the four-eyes policy holds
 * its covered actions exactly as it holds that admin's clicks: 202 with the pending approval, and
 * nothing changes until another staff member approves (before, the API revoked alone).
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { approveRequest, saveFourEyesPolicy } from "@/lib/approvals";
import { createApiToken } from "@/lib/api-tokens";
import { licenses } from "@/lib/db/schema";
import { Forbidden } from "@/lib/errors";
import { harness } from "@/testing/app-harness";
import { makeLicense, makeOrg, makeSigner, makeUser, staffCtx, testNoticeDeps, testSecrets } from "@/testing/factories";
import { useTestDatabase } from "@/testing/test-database";
import { POST } from "./[...path]/route";

const database = useTestDatabase();
const secrets = testSecrets();
const why = { reason: "contract ended, per the CRM", reasonCategory: "customer_request" } as const;

describe("the management API under the four-eyes policy", () => {
  let tokenOwner: ReturnType<typeof staffCtx>;
  let secondAdmin: ReturnType<typeof staffCtx>;
  let token: string;

  beforeAll(async () => {
    const { db } = database;
    const { signer } = await makeSigner(db, secrets, () => new Date());
    Object.assign(harness, { db, secrets, signer });
    tokenOwner = staffCtx(db, await makeUser(db, { staffRole: "admin" }), "admin", () => new Date());
    secondAdmin = staffCtx(db, await makeUser(db, { staffRole: "admin" }), "admin", () => new Date());
    const created = await createApiToken(
      tokenOwner,
      { name: "CRM", scope: "licenses:write", expiresOn: null, ...why },
      { hasher: secrets.hasher },
    );
    token = created.value.reveal();
    await saveFourEyesPolicy(tokenOwner, {
      licenseRevoke: true,
      extendBeyondDays: 30,
      signingKeyActions: false,
      apiTokenCreate: false,
      ...why,
    });
  });

  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await POST(
      new Request(`http://localhost:3000/api/v1/manage${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
      }),
    );
    return { status: response.status, body: await response.json() };
  };

  async function licenseRow() {
    const { org } = await makeOrg(database.db);
    const license = await makeLicense(database.db, org.id);
    const read = async () => (await database.db.select().from(licenses).where(eq(licenses.id, license.id)))[0]!;
    return { license, read };
  }

  it("answers a revocation 202 with the pending approval and revokes only when a second admin approves", async () => {
    const { license, read } = await licenseRow();
    const held = await post(`/licenses/${license.id}/revoke`, why, { "idempotency-key": "revoke-1" });
    expect(held.status).toBe(202);
    expect(held.body).toMatchObject({ status: "awaiting_approval", approvalId: expect.any(String) });
    expect((await read()).status).toBe("active");
    const replay = await post(`/licenses/${license.id}/revoke`, why, { "idempotency-key": "revoke-1" });
    expect(replay).toEqual(held);

    const approval = { approvalId: held.body.approvalId, ...why };
    await expect(approveRequest(tokenOwner, approval, testNoticeDeps)).rejects.toBeInstanceOf(Forbidden);
    await approveRequest(secondAdmin, approval, testNoticeDeps);
    expect((await read()).status).toBe("revoking");
  });

  it("holds an extension past the limit and lets a short one through at once", async () => {
    const { license, read } = await licenseRow();
    const before = (await read()).expiresAt!;
    const inDays = (days: number) => new Date(before.getTime() + days * 86_400_000).toISOString().slice(0, 10);
    const long = await post(`/licenses/${license.id}/extend`, { expiresAt: inDays(400), ...why });
    expect(long.status).toBe(202);
    expect((await read()).expiresAt).toEqual(before);
    const short = await post(`/licenses/${license.id}/extend`, { expiresAt: inDays(10), ...why });
    expect(short.status).toBe(200);
    expect(short.body.id).toBe(license.id);
  });

  it("ends a license's term at once as the token's admin (issue 18: only support waits), and refuses to end it twice", async () => {
    const { license, read } = await licenseRow();
    const ended = await post(`/licenses/${license.id}/end-term`, why);
    expect(ended.status).toBe(200);
    expect(ended.body.id).toBe(license.id);
    const { expiresAt } = await read();
    expect(expiresAt!.getTime()).toBeLessThanOrEqual(Date.now());
    const again = await post(`/licenses/${license.id}/end-term`, why);
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain("already ended");
    expect((await read()).expiresAt).toEqual(expiresAt);
  });
});
