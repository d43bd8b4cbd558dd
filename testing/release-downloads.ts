/**
 * What a customer does with a release download, for the acceptance journeys of issue 19 that run
 * against a real server: the browser spec on disk storage (e2e/releases.spec.ts) and the process
 * check on S3-compatible storage (scripts/release-storage-check.ts). Both walk the same steps, so
 * the steps live here once; each throws (node:assert) on the first thing that is not as promised.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { promisify } from "node:util";
import { createKeyedHasher } from "@/lib/crypto";
import { DOWNLOAD_LINK_TTL_SECONDS, signDownloadLink } from "@/lib/releases";

const PYTHON = "/usr/bin/python3";

export const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/**
 * Downloads `url` until `cutAfterBytes` have arrived and drops the connection, as a flaky network
 * does, then resumes with `Range: bytes=<received>-` and `If-Range: <ETag>` (RFC 9110 §14.2,
 * §13.1.5). The resume must be a 206 naming exactly the rest; answers the joined bytes.
 */
export async function downloadCutAndResumed(url: string, { cutAfterBytes }: { cutAfterBytes: number }) {
  const first = await fetch(url);
  assert.equal(first.status, 200, `the download link answered ${first.status}: ${await bodyOf(first)}`);
  // Its length, for progress and for a resuming client to know what is left (Next would drop it: scripts/serve.ts).
  const size = Number(first.headers.get("content-length"));
  assert.ok(size > 0, "a download declares its length (Content-Length)");
  const etag = first.headers.get("etag");
  assert.ok(etag, "a download carries an ETag to resume against");
  assert.equal(first.headers.get("accept-ranges"), "bytes");
  const reader = first.body!.getReader();
  const received: Uint8Array[] = [];
  let receivedBytes = 0;
  while (receivedBytes < cutAfterBytes) {
    const { done, value } = await reader.read();
    if (done) break;
    received.push(value);
    receivedBytes += value.length;
  }
  await reader.cancel();
  assert.ok(receivedBytes < size, `the cut came after ${receivedBytes} of ${size} bytes: nothing left to resume`);

  const resumed = await fetch(url, { headers: { range: `bytes=${receivedBytes}-`, "if-range": etag } });
  assert.equal(resumed.status, 206, `the resume answered ${resumed.status}: ${await bodyOf(resumed)}`);
  assert.equal(resumed.headers.get("content-range"), `bytes ${receivedBytes}-${size - 1}/${size}`);
  const rest = new Uint8Array(await resumed.arrayBuffer());
  assert.equal(rest.length, size - receivedBytes, "the resume sends exactly the bytes not yet received");
  return Buffer.concat([...received, rest]);
}

/**
 * Verifies an artifact's signed digest the way a customer's Python tooling would, with PyJWT alone
 * against the portal's JWKS (no Rekey code), and answers the verified claims.
 */
export async function verifyDigestWithPyJwt({
  signature,
  jwksUrl,
  product,
}: {
  signature: string;
  jwksUrl: string;
  product: string;
}): Promise<{ sha256: string; size: number; sub: string; aud: string }> {
  const script = [
    "import json, sys, jwt",
    "token, jwks_url, audience = sys.argv[1:4]",
    "key = jwt.PyJWKClient(jwks_url).get_signing_key_from_jwt(token)",
    'print(json.dumps(jwt.decode(token, key.key, algorithms=["EdDSA", "ES256", "RS256"], audience=audience)))',
  ].join("\n");
  const { stdout } = await promisify(execFile)(PYTHON, ["-c", script, signature, jwksUrl, product]);
  return JSON.parse(stdout);
}

/**
 * A download link minted by the server's own signer (lib/releases/download-link.ts) with the
 * server's secret, as the portal would mint it at `mintedAt`. Lets a journey hold a link that ran
 * out long ago, or one made for a license the artifact is not for, without waiting or forging.
 */
export function mintDownloadLink(
  publicUrl: string,
  hmacSecret: string,
  grant: { artifactId: string; licenseId: string },
  mintedAt = new Date(),
) {
  const { token } = signDownloadLink(createKeyedHasher(hmacSecret), grant, mintedAt);
  return `${publicUrl}/api/v1/releases/download?token=${token}`;
}

/** When a link minted then has been expired for a minute. */
export const longExpiredMintTime = () => new Date(Date.now() - (DOWNLOAD_LINK_TTL_SECONDS + 60) * 1000);

const reason = { reason: "release acceptance journey", reasonCategory: "other" } as const;

/**
 * The vendor's side of a release through the management API (a `catalogue:write` token): draft,
 * upload files (streamed as the request body), publish, yank. Answers the parsed JSON of each call.
 */
export function releaseManagementApi(publicUrl: string, token: string) {
  const call = async (method: "POST" | "PUT", path: string, init: { json?: object; body?: Uint8Array | Readable }) => {
    const response = await fetch(`${publicUrl}/api/v1/manage/${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": init.json ? "application/json" : "application/octet-stream",
      },
      body: init.json ? JSON.stringify(init.json) : (init.body as BodyInit),
      // A stream body goes up as it is read (fetch's half-duplex upload), never gathered first.
      ...(init.body && !(init.body instanceof Uint8Array) ? { duplex: "half" } : {}),
    } as RequestInit);
    assert.ok(response.ok, `${method} ${path} answered ${response.status}: ${await bodyOf(response)}`);
    return response.json();
  };
  const changeState = (releaseId: string, action: "publish" | "yank") =>
    call("POST", `releases/${releaseId}/${action}`, { json: { ...reason, releaseId } });
  return {
    draft: (release: { productId: string; version: string; requiredEditionId?: string }) =>
      call("POST", "releases", { json: { ...reason, ...release } }) as Promise<{ id: string }>,
    upload: (
      releaseId: string,
      file: { platform: string; arch: string; fileName: string },
      body: Uint8Array | Readable,
    ) =>
      call("PUT", `releases/${releaseId}/artifacts?${new URLSearchParams(file)}`, { body }) as Promise<{
        id: string;
        sizeBytes: number;
        sha256: string;
        signature: string;
      }>,
    publish: (releaseId: string) => changeState(releaseId, "publish"),
    yank: (releaseId: string) => changeState(releaseId, "yank"),
  };
}

async function bodyOf(response: Response) {
  return response.ok ? "" : (await response.text()).slice(0, 500);
}
