import { ne } from "drizzle-orm";
import type { JWK } from "jose";
import type { Executor } from "@/lib/db";
import { signingKeys } from "@/lib/db/schema";

/**
 * The public keys a checkpoint may be signed with: every signing key whose past signatures are still
 * trusted: retired keys too (what they signed stays true; the JWKS only stops listing them), but
 * never a revoked one. Read from the table here, not through lib/signing, which writes its own
 * audit events and so sits above lib/audit.
 */
export async function listVerificationKeys(db: Executor): Promise<JWK[]> {
  const rows = await db
    .select({ publicJwk: signingKeys.publicJwk })
    .from(signingKeys)
    .where(ne(signingKeys.state, "revoked"));
  return rows.map((row) => row.publicJwk as JWK);
}
