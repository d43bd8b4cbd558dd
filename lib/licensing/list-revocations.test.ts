/**
 * The feed page is read as plain rows with the timestamp formatted by PostgreSQL (issue 21): it must
 * carry what the rows hold, as the Drizzle mapping did (`revokedAt` as `Date#toISOString` gives it),
 * and the answer serialized once around it must be the page and a token over the same claims as
 * `signRevocationPage`.
 */
import { asc, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet } from "jose";
import * as t from "@/lib/db/schema";
import type { SigningService } from "@/lib/signing";
import { fixedNow, makeSigner, testSecrets } from "@/testing/factories";
import { useTestDatabase } from "@/testing/test-database";
import { listRevocations, REVOCATIONS_AUDIENCE, signRevocationPage, signRevocationPageJson } from "./list-revocations";

const now = fixedNow("2026-12-07T02:00:00Z");
const ISSUER = "https://portal.example/";

describe("revocation feed page", () => {
  const database = useTestDatabase();
  let signer: SigningService;
  let jwks: JSONWebKeySet;

  beforeAll(async () => {
    ({ signer, jwks } = await makeSigner(database.db, testSecrets(), now));
    // Microseconds the page must cut to milliseconds as toISOString did, and a row without a license.
    await database.db.insert(t.revocations).values([
      { kind: "license", subjectId: "lic-a", revokedAt: sql`'2026-12-06 23:59:59.999999+00'::timestamptz` },
      { kind: "signing_key", subjectId: "kid-b", reasonCode: "key_compromise", revokedAt: new Date(0) },
      { kind: "device", subjectId: "dev-c", revokedAt: sql`'2026-12-07 04:30:00.0005+02'::timestamptz` },
    ]);
  });

  it("holds each row as the Drizzle mapping gave it, one page at a time", async () => {
    const rows = await database.db.select().from(t.revocations).orderBy(asc(t.revocations.seq));
    const entries = rows.map((row) => ({
      seq: row.seq,
      kind: row.kind,
      subject: row.subjectId,
      licenseId: row.licenseId,
      reason: row.reasonCode,
      revokedAt: row.revokedAt.toISOString(),
    }));
    expect(entries.map((entry) => entry.revokedAt)).toEqual([
      "2026-12-06T23:59:59.999Z",
      "1970-01-01T00:00:00.000Z",
      "2026-12-07T02:30:00.000Z",
    ]);

    const first = await listRevocations(database.db, { since: 0, limit: 2 });
    expect(first).toEqual({ since: 0, next: entries[1]!.seq, hasMore: true, items: entries.slice(0, 2) });
    const rest = await listRevocations(database.db, { since: first.next, limit: 2 });
    expect(rest).toEqual({ since: first.next, next: entries[2]!.seq, hasMore: false, items: entries.slice(2) });
    const caughtUp = await listRevocations(database.db, { since: rest.next });
    expect(caughtUp).toEqual({ since: rest.next, next: rest.next, hasMore: false, items: [] });
  });

  it("answers as text the page and a token over the claims signRevocationPage signs", async () => {
    for (const since of [0, Number.MAX_SAFE_INTEGER]) {
      const page = await listRevocations(database.db, { since });
      const text = await signRevocationPageJson(signer, page, { now: now(), issuer: ISSUER });
      const { token, ...answered } = JSON.parse(text) as { token: string };
      expect(answered).toEqual(page);
      const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), {
        issuer: ISSUER,
        audience: REVOCATIONS_AUDIENCE,
        currentDate: now(),
      });
      const signed = await signRevocationPage(signer, page, { now: now(), issuer: ISSUER });
      expect(payload).toEqual(decodeJwt(signed.token));
    }
  });
});
