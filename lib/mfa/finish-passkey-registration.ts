import { type RegistrationResponseJSON, verifyRegistrationResponse } from "@simplewebauthn/server";
import { isoBase64URL } from "@simplewebauthn/server/helpers";
import { appendAuditEvent } from "@/lib/audit";
import type { PersonCtx } from "@/lib/context";
import { userPasskeys } from "@/lib/db/schema";
import { spendChallenge } from "./passkey-challenges";
import { passkeyNotAccepted } from "./passkey-errors";
import type { RelyingParty } from "./passkey-settings";
import { requireMayChangeFactors } from "./require-may-change-factors";
import { markSessionVerified } from "./second-factor-codes";

/**
 * Checks the browser's answer to `startPasskeyRegistration` (challenge, origin, RP id, WebAuthn §7.1)
 * and keeps the public key. The session that registered it counts as verified: it just used it.
 */
export async function finishPasskeyRegistration(
  ctx: PersonCtx,
  { sessionToken, response, name }: { sessionToken: string; response: RegistrationResponseJSON; name: string },
  relyingParty: RelyingParty,
): Promise<{ passkeyId: string; name: string }> {
  const userId = ctx.actor.userId;
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    await requireMayChangeFactors(tx, { userId, sessionToken }, "add a passkey");
    const expectedChallenge = await spendChallenge(tx, { sessionToken, ceremony: "registration", now });
    const verification = await verifyRegistrationResponse({
      response,
      expectedChallenge,
      expectedOrigin: relyingParty.origin,
      expectedRPID: relyingParty.id,
      requireUserVerification: false,
    }).catch(() => null);
    if (!verification?.verified) throw passkeyNotAccepted();
    const { credential } = verification.registrationInfo;
    const [passkey] = await tx
      .insert(userPasskeys)
      .values({
        userId,
        credentialId: credential.id,
        publicKey: isoBase64URL.fromBuffer(credential.publicKey),
        counter: credential.counter,
        transports: credential.transports ?? [],
        name,
        createdAt: now,
      })
      .onConflictDoNothing({ target: userPasskeys.credentialId })
      .returning({ id: userPasskeys.id });
    if (!passkey) throw passkeyNotAccepted();
    await markSessionVerified(tx, { userId, sessionToken, now, method: "passkey" });
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      action: "second_factor.enrolled",
      subjectType: "user",
      subjectId: userId,
      data: { method: "passkey", passkeyId: passkey.id },
    });
    return { passkeyId: passkey.id, name };
  });
}
