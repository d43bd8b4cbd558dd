/** Passkey (WebAuthn Level 3) policy values, in one place. */

/** How long a registration or sign-in ceremony may take before its challenge is refused. */
export const PASSKEY_CHALLENGE_LIFETIME_MS = 5 * 60_000;

/**
 * Who the browser binds a passkey to (WebAuthn §5.1.4.1 `rp.id`, §7.1 step 9 origin): the host and
 * origin of REKEY_PUBLIC_URL, never a request header, so a forged Host cannot move the binding.
 */
export interface RelyingParty {
  id: string;
  name: string;
  origin: string;
}

export function relyingPartyFor(publicUrl: string): RelyingParty {
  const url = new URL(publicUrl);
  return { id: url.hostname, name: "Rekey", origin: url.origin };
}
