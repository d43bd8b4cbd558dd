import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { rowsOf } from "@/lib/db/json-rows";
import { revocations } from "@/lib/db/schema";
import { GLOBAL_SCOPE, type SigningService } from "@/lib/signing";
import { REVOCATIONS_TOKEN_AUDIENCE, type RevocationEntry } from "@rekey/sdk";

export const REVOCATIONS_PAGE_SIZE = 500;
// The audience is the SDK protocol module's, so the verifier and the signer name the same one.
export const REVOCATIONS_AUDIENCE = REVOCATIONS_TOKEN_AUDIENCE;

export interface RevocationPage {
  since: number;
  /** Pass as `since` next time; equal to `since` when there was nothing new. */
  next: number;
  hasMore: boolean;
  /** `reason` is a code (RFC 5280 §5.3.1 style), never free text: the feed is public. */
  items: RevocationEntry[];
}

/**
 * Every feed poll and every revocation stream's catch-up reads this page, so it costs what a bare
 * postgres.js handler pays and no more (issue 21): plain rows, no Drizzle row mapping, and the
 * timestamp as the ISO text `Date#toISOString` gives (to the millisecond) rather than a Date per
 * row. PostgreSQL building the JSON itself was tried: json_agg cost it 3–5× the plain read, and on
 * the feed it shares the machine with the app. postgres.js prepares the statement once per
 * connection (it names statements by their text).
 */
export async function listRevocations(
  db: Db,
  { since, limit = REVOCATIONS_PAGE_SIZE }: { since: number; limit?: number },
): Promise<RevocationPage> {
  // One row past the page says whether there is more.
  const rows = rowsOf(
    await db.execute(sql`
      select seq, kind, subject_id as subject, license_id as "licenseId", reason_code as reason,
             to_char(revoked_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "revokedAt"
      from ${revocations} where seq > ${since} order by seq limit ${limit + 1}`),
  ) as (Omit<RevocationEntry, "seq"> & { seq: number | string })[];
  // int8 arrives as text from postgres.js; every feed sequence number is a safe integer.
  const items = rows.slice(0, limit).map((row) => ({ ...row, seq: Number(row.seq) }));
  return { since, next: items.at(-1)?.seq ?? since, hasMore: rows.length > limit, items };
}

const tokenClaims = (now: Date, issuer: string) => ({
  iss: issuer,
  aud: REVOCATIONS_AUDIENCE,
  iat: Math.floor(now.getTime() / 1000),
});

/** The page plus a JWS over it, so an offline client can trust a copy it got from anywhere. */
export async function signRevocationPage(
  signer: SigningService,
  page: RevocationPage,
  { now, issuer }: { now: Date; issuer: string },
) {
  const { token } = await signer.sign({ ...page, ...tokenClaims(now, issuer) }, { scopes: [GLOBAL_SCOPE] });
  return { ...page, token };
}

/**
 * `signRevocationPage` as the JSON text of the answer: the page is serialized once, for both the
 * token's claims and the body, and no Response.json serializes it again.
 */
export async function signRevocationPageJson(
  signer: SigningService,
  page: RevocationPage,
  { now, issuer }: { now: Date; issuer: string },
): Promise<string> {
  // The claims and the body are the page's fields followed by more: `{"since":…,"items":[…]` is left open.
  const fields = JSON.stringify(page).slice(0, -1);
  const { token } = await signer.signJson(`${fields},${JSON.stringify(tokenClaims(now, issuer)).slice(1)}`, {
    scopes: [GLOBAL_SCOPE],
  });
  return `${fields},"token":${JSON.stringify(token)}}`;
}
