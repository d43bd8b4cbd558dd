import { type AuthenticationResponseJSON, verifyAuthenticationResponse } from "@simplewebauthn/server";
import { isoBase64URL } from "@simplewebauthn/server/helpers";
import { and, eq, lt } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { PersonCtx } from "@/lib/context";
import { userPasskeys } from "@/lib/db/schema";
import { spendChallenge } from "./passkey-challenges";
import { passkeyNotAccepted } from "./passkey-errors";
import type { RelyingParty } from "./passkey-settings";
import { markSessionVerified } from "./second-factor-codes";

/**
 * The second-factor step with a passkey: the signature over this session's challenge must come from
 * one of the person's own passkeys (another person's credential is refused like a bad signature).
 * A signature counter that did not grow marks a cloned authenticator (WebAuthn §6.1.1) and is refused.
 */
export async function verifyPasskey(
  ctx: PersonCtx,
  { sessionToken, response }: { sessionToken: string; response: AuthenticationResponseJSON },
  relyingParty: RelyingParty,
): Promise<{ method: "passkey" }> {
  const userId = ctx.actor.userId;
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const expectedChallenge = await spendChallenge(tx, { sessionToken, ceremony: "authentication", now });
    const [passkey] = await tx
      .select()
      .from(userPasskeys)
      .where(and(eq(userPasskeys.userId, userId), eq(userPasskeys.credentialId, response.id)));
    if (!passkey) throw passkeyNotAccepted();
    const verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge,
      expectedOrigin: relyingParty.origin,
      expectedRPID: relyingParty.id,
      credential: {
        id: passkey.credentialId,
        publicKey: isoBase64URL.toBuffer(passkey.publicKey),
        counter: passkey.counter,
      },
      requireUserVerification: false,
    }).catch(() => null);
    if (!verification?.verified) throw passkeyNotAccepted();
    const { newCounter } = verification.authenticationInfo;
    // Authenticators that keep no counter report 0 every time; the guard then only needs the row.
    const [used] = await tx
      .update(userPasskeys)
      .set({ counter: newCounter, lastUsedAt: now })
      .where(
        and(
          eq(userPasskeys.id, passkey.id),
          newCounter === 0 ? eq(userPasskeys.counter, 0) : lt(userPasskeys.counter, newCounter),
        ),
      )
      .returning({ id: userPasskeys.id });
    if (!used) throw passkeyNotAccepted();
    await markSessionVerified(tx, { userId, sessionToken, now, method: "passkey" });
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      action: "second_factor.verified",
      subjectType: "user",
      subjectId: userId,
      data: { method: "passkey", passkeyId: passkey.id },
    });
    return { method: "passkey" as const };
  });
}
