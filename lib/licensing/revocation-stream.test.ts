import { describe, expect, it } from "vitest";
import { createLocalJWKSet, jwtVerify } from "jose";
import * as t from "@/lib/db/schema";
import { useTestDatabase } from "@/lib/db/testing";
import { createSigningService, ensureSigningKeys } from "@/lib/signing";
import { systemActor, testSecrets } from "@/lib/testing/factories";
import { createRevocationStream, REVOCATIONS_AUDIENCE } from "./index";

describe("revocation push stream", () => {
  const database = useTestDatabase();

  it("pushes new revocations as signed SSE events whose id resumes the feed", async () => {
    const { db } = database;
    const secrets = testSecrets();
    await ensureSigningKeys({ db, now: () => new Date(), actor: systemActor }, { ring: secrets.ring });
    const signer = createSigningService({ db, ring: secrets.ring });
    await db.insert(t.revocations).values({ kind: "license_key", subjectId: "RK-AAAA", reason: "leaked", revokedAt: new Date() });
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

  it("stops quietly when the client disconnects while a poll is in flight", async () => {
    const { db } = database;
    const secrets = testSecrets();
    const signer = createSigningService({ db, ring: secrets.ring });
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on("unhandledRejection", onRejection);
    try {
      const reader = createRevocationStream({ db, signer, issuer: "https://portal.example", since: 0, pollMs: 10, maxMs: 60_000 }).getReader();
      await reader.read();
      await reader.cancel();
      // Long enough for the in-flight poll to finish and for any further one to have run.
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      process.off("unhandledRejection", onRejection);
    }
    expect(rejections).toEqual([]);
  });
});
