import * as oidc from "openid-client";
import type { MasterKeyRing } from "@/lib/crypto";
import { PolicyViolation } from "@/lib/errors";
import type { OutgoingHttp } from "@/lib/net";
import { openClientSecret } from "./sso-connection-secret";

/** Statuses whose response has no body (Fetch §2.2.3 null body status): `new Response(body)` refuses one. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * openid-client's requests (discovery, JWKS, token) through the one SSRF guard (lib/net): the
 * issuer an owner types is attacker-chosen, so it gets the webhook rules — public addresses only,
 * checked at each request, no redirects followed.
 */
export function guardedFetch(outgoingHttp: OutgoingHttp): oidc.CustomFetch {
  return async (url, options) => {
    const answer = await outgoingHttp.send(url, {
      method: options.method === "POST" ? "POST" : "GET",
      headers: options.headers,
      body: options.body == null ? undefined : String(options.body),
    });
    return new Response(NULL_BODY_STATUSES.has(answer.status) ? null : new Uint8Array(answer.body), {
      status: answer.status,
      headers: answer.headers,
    });
  };
}

export interface OidcClientSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/**
 * Reads the provider's metadata (OpenID Connect Discovery 1.0 §4). Plain http reaches the issuer
 * only where the guard lets requests reach a local address at all (REKEY_OUTGOING_ALLOW_PRIVATE):
 * the guard refuses http to a public one.
 */
export function discoverOidcProvider(outgoingHttp: OutgoingHttp, settings: OidcClientSettings) {
  return oidc.discovery(
    new URL(settings.issuer),
    settings.clientId,
    undefined,
    oidc.ClientSecretBasic(settings.clientSecret),
    {
      [oidc.customFetch]: guardedFetch(outgoingHttp),
      execute: [
        // openid-client trusts an ID token from the token endpoint by the TLS channel alone (OIDC
        // Core §3.1.3.7 item 6 allows it); the channel went through our guard to an address an owner
        // chose, so the signature against the provider's published JWKS is checked as well.
        oidc.enableNonRepudiationChecks,
        ...(new URL(settings.issuer).protocol === "http:" ? [oidc.allowInsecureRequests] : []),
      ],
    },
  );
}

export interface OidcConnection {
  orgId: string;
  issuer: string;
  clientId: string;
  clientSecretCiphertext: string;
}

/** The OIDC settings of a connection row, or null when the organization's provider speaks SAML. */
export function oidcConnection(row: {
  orgId: string;
  protocol: "oidc" | "saml";
  issuer: string;
  clientId: string | null;
  clientSecretCiphertext: string | null;
}): OidcConnection | null {
  if (row.protocol !== "oidc" || !row.clientId || !row.clientSecretCiphertext) return null;
  return {
    orgId: row.orgId,
    issuer: row.issuer,
    clientId: row.clientId,
    clientSecretCiphertext: row.clientSecretCiphertext,
  };
}

/** A connected provider, ready for a sign-in; one that cannot be reached is the organization's to fix. */
export async function discoverConnectedProvider(
  deps: { outgoingHttp: OutgoingHttp; ring: MasterKeyRing },
  connection: OidcConnection,
) {
  try {
    return await discoverOidcProvider(deps.outgoingHttp, {
      issuer: connection.issuer,
      clientId: connection.clientId,
      clientSecret: openClientSecret(deps.ring, connection),
    });
  } catch {
    throw new PolicyViolation(
      "Your organization's identity provider cannot be reached right now. Try again shortly, or ask your administrator.",
    );
  }
}
