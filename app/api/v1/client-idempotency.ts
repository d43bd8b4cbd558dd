import { appServices } from "@/lib/config/server";
import { withIdempotency } from "@/lib/http/idempotency";
import { clientKeyDigest } from "./limit-client-call";

/**
 * The client API's changing POSTs (device activate, heartbeat, deactivate) under Idempotency-Key,
 * scoped to the license key sent: a client's retry after a lost answer gets the first answer, and
 * one key's Idempotency-Keys never answer for another key. Not wrapped, on purpose:
 * - validate changes nothing a retry could double (counts only), and each answer signs the
 *   caller's fresh nonce;
 * - key exchange answers with the new key itself, which must never be stored in plaintext (the
 *   stored response would be); it is idempotent by design: the same old key always gets the same
 *   new key while the rotation lasts (lib/rotation/exchange-key.ts).
 */
export async function clientIdempotency(
  request: Request,
  bodyText: string,
  { key, now }: { key: string; now: Date },
  run: () => Promise<Response>,
): Promise<Response> {
  return withIdempotency(
    request,
    bodyText,
    { db: await appServices().db(), now, callerScope: `license-key:${clientKeyDigest(key)}` },
    run,
  );
}
