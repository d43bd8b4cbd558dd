import {
  type AuthenticatorTransportFuture,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
} from "@simplewebauthn/server";
import { eq } from "drizzle-orm";
import type { PersonCtx } from "@/lib/context";
import { userPasskeys } from "@/lib/db/schema";
import { keepChallenge } from "./passkey-challenges";
import type { RelyingParty } from "./passkey-settings";
import { requireMayChangeFactors } from "./require-may-change-factors";

/**
 * Options for the browser's `navigator.credentials.create()`. Passkeys already registered are
 * excluded so the same authenticator is not registered twice (WebAuthn §5.4.3 excludeCredentials).
 */
export async function startPasskeyRegistration(
  ctx: PersonCtx,
  { sessionToken }: { sessionToken: string },
  relyingParty: RelyingParty,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const userId = ctx.actor.userId;
  await requireMayChangeFactors(ctx.db, { userId, sessionToken }, "add a passkey");
  const registered = await ctx.db
    .select({ credentialId: userPasskeys.credentialId, transports: userPasskeys.transports })
    .from(userPasskeys)
    .where(eq(userPasskeys.userId, userId));
  const options = await generateRegistrationOptions({
    rpName: relyingParty.name,
    rpID: relyingParty.id,
    userName: ctx.actor.email,
    userID: new TextEncoder().encode(userId),
    attestationType: "none",
    excludeCredentials: registered.map(({ credentialId, transports }) => ({
      id: credentialId,
      transports: transports as AuthenticatorTransportFuture[],
    })),
    authenticatorSelection: { residentKey: "preferred", userVerification: "preferred" },
  });
  await keepChallenge(ctx.db, { sessionToken, ceremony: "registration", challenge: options.challenge, now: ctx.now() });
  return options;
}
