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

/**
 * Every feed poll and every revocation stream's catch-up reads this page: a named statement built
 * once per handle (`preparedPerHandle`), so a poll costs neither Drizzle's query building nor
 * PostgreSQL's parse and plan (issue 21: the page was 0.44× its bare baseline).
 */
const revocationPageQuery = preparedPerHandle((db: Db) =>
  db
    .select()
    .from(revocations)
    .where(gt(revocations.seq, sql.placeholder("since")))
    .orderBy(asc(revocations.seq))
    .limit(sql.placeholder("rows"))
    .prepare("revocation_feed_page"),
);

/** One page of the append-only revocation feed after sequence number `since`. */
export async function listRevocations(
  db: Db,
  { since, limit = REVOCATIONS_PAGE_SIZE }: { since: number; limit?: number },
): Promise<RevocationPage> {
  // One row past the page says whether there is more.
  const rows = await revocationPageQuery(db).execute({ since, rows: limit + 1 });
  const items = rows.slice(0, limit).map((row) => ({
    seq: row.seq,
    kind: row.kind,
    subject: row.subjectId,
    licenseId: row.licenseId,
    reason: row.reasonCode,
    revokedAt: row.revokedAt.toISOString(),
  }));
  return { since, next: items.at(-1)?.seq ?? since, hasMore: rows.length > limit, items };
}

/** The page plus a JWS over it, so an offline client can trust a copy it got from anywhere. */
export async function signRevocationPage(
  signer: SigningService,
  page: RevocationPage,
  { now, issuer }: { now: Date; issuer: string },
) {
  const iat = Math.floor(now.getTime() / 1000);
  const { token } = await signer.sign(
    { ...page, iss: issuer, aud: REVOCATIONS_AUDIENCE, iat },
    { scopes: [GLOBAL_SCOPE] },
  );
  return { ...page, token };
}
