import { desc } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createLocalJWKSet, jwtVerify } from "jose";
import * as t from "@/lib/db/schema";
import { useTestDatabase } from "@/lib/db/testing";
import { createSigningService, ensureSigningKeys } from "@/lib/signing";
import { getRevocationPropagation } from "@/lib/health";
import { emergencyRotate } from "@/lib/rotation";
import { makeLicenseWithKey, systemActor, testSecrets } from "@/lib/testing/factories";
import { createRevocationStream, REVOCATIONS_AUDIENCE } from "./index";

describe("revocation push stream", () => {
  const database = useTestDatabase();
  // One ring for the file: signing keys made by the first test must open in the second.
  const secrets = testSecrets();

  it("pushes new revocations as signed SSE events whose id resumes the feed", async () => {
    const { db } = database;
    await ensureSigningKeys({ db, now: () => new Date(), actor: systemActor }, { ring: secrets.ring });
    const signer = createSigningService({ db, ring: secrets.ring });
    await db.insert(t.revocations).values({ kind: "license_key", subjectId: "RK-AAAA", reasonCode: "key_compromise", revokedAt: new Date() });
    const reader = createRevocationStream({ db, signer, issuer: "https://portal.example", since: 0, pollMs: 10, maxMs: 60_000 }).getReader();
    const decoder = new TextDecoder();
    let text = "";
    while (!text.includes("event: revocations")) text += decoder.decode((await reader.read()).value);
    while (!text.includes("\n\n", text.indexOf("event: revocations"))) text += decoder.decode((await reader.read()).value);
    await reader.cancel();
    const event = text.slice(text.indexOf("id: "));
    expect(event).toMatch(/^id: \d+\nevent: revocations\ndata: /);
    const data = JSON.parse(/data: (.*)\n/.exec(event)![1]!);
    expect(data.items).toEqual([expect.objectContaining({ kind: "license_key", subject: "RK-AAAA" })]);
    const { payload } = await jwtVerify(data.token, createLocalJWKSet({ keys: await signer.publicKeys() }), { audience: REVOCATIONS_AUDIENCE });
    expect(payload.next).toBe(data.next);
    expect(event.startsWith(`id: ${data.next}\n`)).toBe(true);
  });

  it("delivers a revocation to an open stream within a second and records how long it took", async () => {
    const { db } = database;
    await ensureSigningKeys({ db, now: () => new Date(), actor: systemActor }, { ring: secrets.ring });
    const signer = createSigningService({ db, ring: secrets.ring });
    const { license, ctx } = await makeLicenseWithKey(db, secrets, { now: () => new Date() });
    const [latest] = await db.select({ seq: t.revocations.seq }).from(t.revocations).orderBy(desc(t.revocations.seq)).limit(1);
    // Default poll interval, as the route uses it.
    const reader = createRevocationStream({ db, signer, issuer: "https://portal.example", since: latest?.seq ?? 0 }).getReader();
    await reader.read();

    const startedAt = Date.now();
    await emergencyRotate(ctx, { licenseId: license.id, reason: "key leaked in a public repository" }, { secrets });
    // From the commit, when the pull feed already shows it, to the push reaching this client.
    const committedAt = Date.now();
    const decoder = new TextDecoder();
    let text = "";
    while (!/data: .*\n\n/.test(text)) text += decoder.decode((await reader.read()).value);
    const seenAfterMs = Date.now() - committedAt;
    await reader.cancel();

    expect(seenAfterMs).toBeLessThan(1000);
    const data = JSON.parse(/data: (.*)\n/.exec(text)![1]!);
    expect(data.items).toEqual([expect.objectContaining({ kind: "license_key", licenseId: license.id })]);
    // The stream stamps the entry just after pushing it, so the figure may land a moment later.
    const since = new Date(startedAt - 60_000);
    await expect.poll(async () => (await getRevocationPropagation(db, { since })).measured).toBe(1);
    const propagation = await getRevocationPropagation(db, { since });
    expect(propagation.p99Seconds).toBeLessThan(1);
  });
});
