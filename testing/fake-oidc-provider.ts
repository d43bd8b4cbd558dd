/**
 * A minimal OpenID provider on a loopback port for vitest: discovery, JWKS and a token endpoint
 * whose ID token each test shapes (wrong audience, nonce, signer…). It checks the PKCE verifier
 * against the challenge of the authorization request the test hands it, as a real provider would.
 * The full journey against a real provider (oidc-provider) is e2e/sso.spec.ts.
 */
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from "jose";

export interface IdTokenShape {
  claims?: JWTPayload;
  /** Sign with a key the provider does not publish. */
  signWithUnpublishedKey?: boolean;
}

export async function startFakeOidcProvider({ clientId }: { clientId: string }) {
  const published = await generateKeyPair("RS256");
  const unpublished = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(published.publicKey)), kid: "test-key", alg: "RS256", use: "sig" };
  const pending = new Map<string, { nonce: string; codeChallenge: string }>();
  let nextShape: IdTokenShape = {};
  let issuer = "";

  const signIdToken = (payload: JWTPayload, key: CryptoKey) =>
    new SignJWT(payload).setProtectedHeader({ alg: "RS256", kid: "test-key" }).sign(key);

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", issuer);
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (url.pathname === "/.well-known/openid-configuration")
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        code_challenge_methods_supported: ["S256"],
      });
    if (url.pathname === "/jwks") return json(200, { keys: [jwk] });
    if (url.pathname === "/token" && request.method === "POST") {
      let body = "";
      request.on("data", (chunk) => {
        body += chunk;
      });
      request.on("end", async () => {
        const form = new URLSearchParams(body);
        const grant = pending.get(form.get("code") ?? "");
        const verifier = form.get("code_verifier") ?? "";
        const challenge = createHash("sha256").update(verifier).digest("base64url");
        if (!grant || challenge !== grant.codeChallenge) return json(400, { error: "invalid_grant" });
        pending.delete(form.get("code")!);
        const now = Math.floor(Date.now() / 1000);
        const { claims, signWithUnpublishedKey } = nextShape;
        // One subject per person by default, as a real provider has; a test may name another.
        const sub = `subject:${String(claims?.email ?? "1")}`;
        const idToken = await signIdToken(
          { iss: issuer, aud: clientId, sub, nonce: grant.nonce, iat: now, exp: now + 300, ...claims },
          signWithUnpublishedKey ? unpublished.privateKey : published.privateKey,
        );
        json(200, { access_token: "access", token_type: "Bearer", expires_in: 300, id_token: idToken });
      });
      return;
    }
    json(404, { error: "not_found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    /**
     * The person "signs in" at the provider: it remembers the request's nonce and PKCE challenge
     * and answers with a code, and the next ID token it issues has this shape.
     */
    authorize(authorizationUrl: string, shape: IdTokenShape = {}) {
      const request = new URL(authorizationUrl).searchParams;
      const code = `code-${pending.size}-${Date.now()}`;
      pending.set(code, { nonce: request.get("nonce") ?? "", codeChallenge: request.get("code_challenge") ?? "" });
      nextShape = shape;
      return { code, state: request.get("state") ?? "" };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
