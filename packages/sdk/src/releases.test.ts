import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { fixedNow, makeJwks, makeSigningKey, PORTAL_URL, type SigningKey } from "../testing/factories.ts";
import { createJwksCache } from "./jwks-cache.ts";
import { ARTIFACT_DIGEST_TYPE, checkForUpdate, verifyArtifact } from "./releases.ts";

const now = fixedNow("2026-12-01T10:00:00Z");
const FILE = new TextEncoder().encode("the 2.0.0 build");
const LICENSE_KEY = "RK-7F3Q-K9M2-XW4D-8HNB-T";

async function sha256Hex(bytes: Uint8Array) {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

async function signDigest(key: SigningKey, claims: Record<string, unknown> = {}) {
  return new SignJWT({
    typ: ARTIFACT_DIGEST_TYPE,
    version: "2.0.0",
    channel: "stable",
    platform: "linux",
    arch: "x64",
    file: "studio-2.0.0.tar.gz",
    size: FILE.byteLength,
    sha256: await sha256Hex(FILE),
    ...claims,
  })
    .setProtectedHeader({ alg: key.alg, kid: key.kid })
    .setIssuer(PORTAL_URL)
    .setSubject("0e5b4c1a-0000-4000-8000-000000000001")
    .setAudience("studio")
    .sign(key.privateKey);
}

/** The portal's JWKS and update check; `upgrade` answers the check. */
function portal(key: SigningKey, upgrade: (request: Request) => Response | Promise<Response>) {
  const requests: Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    requests.push(request);
    if (new URL(request.url).pathname === "/.well-known/jwks.json") return Response.json(makeJwks(key));
    return upgrade(request);
  };
  const jwks = createJwksCache({ url: `${PORTAL_URL}/.well-known/jwks.json`, fetch, now });
  return { fetch, jwks, requests };
}

const check = (client: ReturnType<typeof portal>, version = "1.0.0") =>
  checkForUpdate({
    baseUrl: PORTAL_URL,
    key: LICENSE_KEY,
    product: "studio",
    version,
    platform: "linux",
    jwks: client.jwks,
    fetch: client.fetch,
    now,
  });

describe("checkForUpdate", () => {
  it("answers the newer entitled release, its file facts read from the verified signature", async () => {
    const key = await makeSigningKey();
    const signature = await signDigest(key);
    const client = portal(key, () =>
      Response.json({
        version: "2.0.0",
        channel: "stable",
        releasedAt: "2026-11-30T09:00:00.000Z",
        notes: "## 2.0.0",
        artifact: {
          id: "x",
          signature,
          downloadUrl: `${PORTAL_URL}/api/v1/releases/download?token=t`,
          downloadExpiresAt: "2026-12-01T10:15:00.000Z",
          sha256: "0".repeat(64),
        },
      }),
    );
    const result = await check(client);
    expect(result).toMatchObject({
      ok: true,
      update: { version: "2.0.0", artifact: { sha256: await sha256Hex(FILE), size: FILE.byteLength } },
    });
    const upgradeRequest = client.requests.find((request) => request.url.includes("/releases/upgrade"))!;
    expect(upgradeRequest.headers.get("authorization")).toBe(`Bearer ${LICENSE_KEY}`);
    expect(upgradeRequest.url).not.toContain(LICENSE_KEY);
  });

  it("answers no update when the portal says 204", async () => {
    const key = await makeSigningKey();
    expect(
      await check(
        portal(key, () => new Response(null, { status: 204 })),
        "2.0.0",
      ),
    ).toEqual({ ok: true, update: null });
  });

  it("refuses an answer whose digest is not signed by the portal's keys, and passes on the portal's refusals", async () => {
    const key = await makeSigningKey();
    const forged = await signDigest(await makeSigningKey());
    const client = portal(key, () => Response.json({ version: "9.0.0", artifact: { signature: forged } }));
    expect(await check(client)).toMatchObject({ ok: false, reason: "bad_signature" });
    const refusing = portal(key, () =>
      Response.json(
        { status: 403, code: "SUSPENDED", title: "Forbidden", detail: "suspended" },
        { status: 403, headers: { "content-type": "application/problem+json" } },
      ),
    );
    expect(await check(refusing)).toMatchObject({ ok: false, reason: "refused", code: "SUSPENDED" });
  });
});

describe("verifyArtifact", () => {
  it("accepts the file its signature names", async () => {
    const key = await makeSigningKey("ES256");
    const { jwks } = portal(key, () => new Response(null, { status: 404 }));
    expect(await verifyArtifact(FILE, await signDigest(key), { jwks, product: "studio" })).toMatchObject({
      ok: true,
      claims: { version: "2.0.0" },
    });
  });

  it("refuses a changed file, a signature of another product, a foreign key and a token that is not a digest", async () => {
    const key = await makeSigningKey();
    const { jwks } = portal(key, () => new Response(null, { status: 404 }));
    const signature = await signDigest(key);
    const changed = new Uint8Array(FILE);
    changed[0] = changed[0]! ^ 1;
    expect(await verifyArtifact(changed, signature, { jwks })).toMatchObject({ ok: false, reason: "digest_mismatch" });
    expect(await verifyArtifact(FILE.subarray(1), signature, { jwks })).toMatchObject({
      ok: false,
      reason: "digest_mismatch",
    });
    expect(await verifyArtifact(FILE, signature, { jwks, product: "other" })).toMatchObject({
      ok: false,
      reason: "bad_signature",
    });
    expect(await verifyArtifact(FILE, await signDigest(await makeSigningKey()), { jwks })).toMatchObject({
      ok: false,
      reason: "bad_signature",
    });
    expect(await verifyArtifact(FILE, await signDigest(key, { typ: "JWT" }), { jwks })).toMatchObject({
      ok: false,
      reason: "bad_signature",
    });
    expect(await verifyArtifact(FILE, "not.a.jws", { jwks })).toMatchObject({ ok: false, reason: "bad_signature" });
  });
});
