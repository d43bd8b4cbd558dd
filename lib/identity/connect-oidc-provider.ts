import type { OrgCtx } from "@/lib/context";
import type { MasterKeyRing } from "@/lib/crypto";
import { InvalidInput } from "@/lib/errors";
import type { OutgoingHttp } from "@/lib/net";
import { requireOwner } from "@/lib/orgs";
import type { ConnectOidcProviderInput } from "@/lib/validations/identity";
import { discoverOidcProvider } from "./oidc-discovery";
import { saveSsoConnection } from "./save-sso-connection";
import { sealClientSecret } from "./sso-connection-secret";

export interface SsoDeps {
  outgoingHttp: OutgoingHttp;
  ring: MasterKeyRing;
}

/**
 * An owner connects the organization's OpenID provider. Discovery runs now, through the SSRF guard,
 * so a wrong issuer is reported on the form rather than at a member's first sign-in. Connecting
 * again replaces the settings and keeps whether SSO is required.
 */
export async function connectOidcProvider(ctx: OrgCtx, input: ConnectOidcProviderInput, deps: SsoDeps) {
  requireOwner(ctx, "connect a single sign-on provider");
  try {
    await discoverOidcProvider(deps.outgoingHttp, input);
  } catch {
    // The cause stays out of the answer: it could describe the network behind the issuer's address.
    throw new InvalidInput("We could not read that provider's OpenID configuration.", {
      issuer: [
        "No OpenID Connect discovery document at this issuer (…/.well-known/openid-configuration), or it is not a public https address.",
      ],
    });
  }
  const secret = sealClientSecret(deps.ring, ctx.orgId, input.clientSecret);
  await saveSsoConnection(
    ctx,
    {
      protocol: "oidc",
      issuer: input.issuer,
      clientId: input.clientId,
      clientSecretCiphertext: secret.sealed,
      masterKeyVersion: secret.masterKeyVersion,
      defaultRole: input.defaultRole,
    },
    { issuer: input.issuer, clientId: input.clientId, defaultRole: input.defaultRole },
  );
  return { issuer: input.issuer, clientId: input.clientId, defaultRole: input.defaultRole };
}
