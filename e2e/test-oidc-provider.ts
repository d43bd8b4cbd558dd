import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";
import { e2eBaseUrl } from "./base-url";

/**
 * A real OpenID provider (the `oidc-provider` package) for the SSO journey, on a loopback port of
 * its own: the server reaches it because scripts/e2e-server.mjs sets REKEY_OUTGOING_ALLOW_PRIVATE
 * as README tells a test deployment to. Its development login form takes any login as the account
 * id, and the account's email is that login.
 */
export async function startTestOidcProvider({ clientId, clientSecret }: { clientId: string; clientSecret: string }) {
  // The issuer names the port, so the server listens first and the provider is mounted after.
  let handle: ReturnType<Provider["callback"]> | undefined;
  const server = createServer((request, response) => handle?.(request, response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [`${e2eBaseUrl}/signin/sso/callback`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"] },
    // The email in the ID token, as the usual enterprise providers put it for the `email` scope.
    conformIdTokenClaims: false,
    findAccount: (_ctx, id) => ({
      accountId: id,
      claims: () => ({ sub: id, email: id, email_verified: true }),
    }),
    cookies: { keys: ["e2e-test-provider-cookie-key"] },
  });
  handle = provider.callback();
  return { issuer, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
