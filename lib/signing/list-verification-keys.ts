import { ne } from "drizzle-orm";
import type { JWK } from "jose";
import type { Executor } from "@/lib/db";
import { signingKeys } from "@/lib/db/schema";

/**
 * Every public key whose past signatures are still trusted: retired keys too (what they signed
 * stays true; the JWKS only stops listing them), but never a revoked one.
 */
export async function listVerificationKeys(db: Executor): Promise<JWK[]> {
  const rows = await db.select({ publicJwk: signingKeys.publicJwk }).from(signingKeys).where(ne(signingKeys.state, "revoked"));
  return rows.map((row) => row.publicJwk as JWK);
}
