import { asc, gt, sql } from "drizzle-orm";
import { preparedPerHandle, type Db } from "@/lib/db";
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

/** A page whose items are still the JSON array PostgreSQL built. */
export type RevocationPageJson = Omit<RevocationPage, "items"> & { itemsJson: string };

/**
 * Every feed poll and every revocation stream's catch-up reads this page: a named statement built
 * once per handle (`preparedPerHandle`), so a poll costs neither Drizzle's query building nor
 * PostgreSQL's parse and plan. PostgreSQL answers with one row holding the items as JSON text, the
 * timestamps already ISO 8601 (what `Date#toISOString` gives, to the millisecond): mapping 500 rows
 * and making a Date for each was the page's largest cost in the app (issue 21).
 */
const revocationPageQuery = preparedPerHandle((db: Db) => {
  const page = db
    .select({
      seq: revocations.seq,
      kind: revocations.kind,
      subjectId: revocations.subjectId,
      licenseId: revocations.licenseId,
      reasonCode: revocations.reasonCode,
      revokedAt: revocations.revokedAt,
      position: sql<number>`row_number() over (order by ${revocations.seq})`.as("position"),
    })
    .from(revocations)
    .where(gt(revocations.seq, sql.placeholder("since")))
    .orderBy(asc(revocations.seq))
    // One row past the page says whether there is more.
    .limit(sql.placeholder("rowsAndOne"))
    .as("page");
  const onPage = sql`${page.position} <= ${sql.placeholder("rows")}`;
  return db
    .select({
      itemsJson: sql<string>`coalesce(json_agg(json_build_object(
        'seq', ${page.seq}, 'kind', ${page.kind}, 'subject', ${page.subjectId}, 'licenseId', ${page.licenseId},
        'reason', ${page.reasonCode},
        'revokedAt', to_char(${page.revokedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
      ) order by ${page.seq}) filter (where ${onPage}), '[]')::text`,
      last: sql<number | null>`max(${page.seq}) filter (where ${onPage})`.mapWith(Number),
      hasMore: sql<boolean>`count(*) > ${sql.placeholder("rows")}`,
    })
    .from(page)
    .prepare("revocation_feed_page");
});

/** `listRevocations`' page with its items as PostgreSQL's JSON text, for `signRevocationPageJson`. */
export async function readRevocationPageJson(
  db: Db,
  { since, limit = REVOCATIONS_PAGE_SIZE }: { since: number; limit?: number },
): Promise<RevocationPageJson> {
  const [row] = await revocationPageQuery(db).execute({ since, rows: limit, rowsAndOne: limit + 1 });
  return { since, next: row?.last ?? since, hasMore: row?.hasMore ?? false, itemsJson: row?.itemsJson ?? "[]" };
}

/** One page of the append-only revocation feed after sequence number `since`. */
export async function listRevocations(db: Db, options: { since: number; limit?: number }): Promise<RevocationPage> {
  const { itemsJson, ...page } = await readRevocationPageJson(db, options);
  return { ...page, items: JSON.parse(itemsJson) as RevocationEntry[] };
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
 * `signRevocationPage` as the JSON text of the answer: the items go from PostgreSQL's JSON into the
 * token and the body without being parsed or serialized again.
 */
export async function signRevocationPageJson(
  signer: SigningService,
  { itemsJson, ...page }: RevocationPageJson,
  { now, issuer }: { now: Date; issuer: string },
): Promise<string> {
  // The claims and the body are the page's fields followed by more: `{"since":…,"items":[…]` is left open.
  const fields = `${JSON.stringify(page).slice(0, -1)},"items":${itemsJson}`;
  const { token } = await signer.signJson(`${fields},${JSON.stringify(tokenClaims(now, issuer)).slice(1)}`, {
    scopes: [GLOBAL_SCOPE],
  });
  return `${fields},"token":${JSON.stringify(token)}}`;
}
