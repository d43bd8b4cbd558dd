import { type AuthenticatorTransportFuture, generateAuthenticationOptions } from "@simplewebauthn/server";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { eq } from "drizzle-orm";
import type { PersonCtx } from "@/lib/context";
import { userPasskeys } from "@/lib/db/schema";
import { Conflict } from "@/lib/errors";
import { keepChallenge } from "./passkey-challenges";
import type { RelyingParty } from "./passkey-settings";

/** Options for `navigator.credentials.get()`: the signed-in person's own passkeys only. */
export async function startPasskeyVerification(
  ctx: PersonCtx,
  { sessionToken }: { sessionToken: string },
  relyingParty: RelyingParty,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const registered = await ctx.db
    .select({ credentialId: userPasskeys.credentialId, transports: userPasskeys.transports })
    .from(userPasskeys)
    .where(eq(userPasskeys.userId, ctx.actor.userId));
  if (registered.length === 0) throw new Conflict("You have no passkey yet. Add one from your security settings.");
  const options = await generateAuthenticationOptions({
    rpID: relyingParty.id,
    allowCredentials: registered.map(({ credentialId, transports }) => ({
      id: credentialId,
      transports: transports as AuthenticatorTransportFuture[],
    })),
    userVerification: "preferred",
  });
  await keepChallenge(ctx.db, {
    sessionToken,
    ceremony: "authentication",
    challenge: options.challenge,
    now: ctx.now(),
  });
  return options;
}
