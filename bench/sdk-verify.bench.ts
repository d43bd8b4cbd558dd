/**
 * What an offline license check costs a client: the SDK's `verifyLicenseFile` against the cheapest
 * possible check of the same file, one synchronous `node:crypto.verify` (Ed25519) over its signing
 * input. The SDK also parses the JWS, checks every claim and, being runtime-neutral, must verify
 * through WebCrypto, whose promise round trip the baseline never pays; the WebCrypto row shows
 * how much of the gap that alone accounts for.
 */
import assert from "node:assert/strict";
import { createPublicKey, verify } from "node:crypto";
import { fingerprintHash } from "../packages/sdk/src/fingerprint-hash";
import { verifyLicenseFile } from "../packages/sdk/src/verify-license-file";
import { fixedNow, makeJwks, makeLicenseClaims, makeSigningKey, signLicenseFile } from "../packages/sdk/testing/factories";
import { measureInterleaved, median, medianRatio, type Benchmark } from "./benchmark";

const BASELINE = "node:crypto.verify (Ed25519), baseline";
const SDK = "SDK verifyLicenseFile";
const SDK_DEVICE_BOUND = "SDK verifyLicenseFile, device-bound file";
const SDK_UNCACHED_KEYS = "SDK verifyLicenseFile, JWKS parsed anew per call";
const WEBCRYPTO = "crypto.subtle.verify (Ed25519) alone";
const GOAL = 0.8;

export const sdkVerifyBenchmark: Benchmark = {
  name: "sdk-verify",
  description:
    "Offline license-file checks per second, one at a time (a client checks its own file, it does not batch). " +
    `Baseline: synchronous node:crypto.verify over the file's signing input. Goal: the SDK at ≥ ${GOAL}× the baseline. ` +
    "The SDK may only use WebCrypto (it also runs in browsers and Deno), so the crypto.subtle.verify row is the ceiling " +
    "for any runtime-neutral verifier: Node runs WebCrypto jobs on its thread pool and resolves a promise per call. " +
    "Cases run interleaved in rounds; ratios are medians of per-round ratios.",

  async run() {
    const key = await makeSigningKey("EdDSA");
    const jwks = makeJwks(key);
    const jwksJson = JSON.stringify(jwks);
    const now = fixedNow("2026-03-01T12:00:00Z");
    const claims = makeLicenseClaims();
    const file = await signLicenseFile(key, claims);
    const deviceBoundFile = await signLicenseFile(key, { ...claims, fph: await fingerprintHash(claims.sub, "bench-machine") });

    const [header, payload, signature] = file.split(".");
    const signingInput = Buffer.from(`${header}.${payload}`);
    const signatureBytes = Buffer.from(signature!, "base64url");
    const nodePublicKey = createPublicKey({ key: { ...key.publicJwk }, format: "jwk" });
    const webCryptoKey = await crypto.subtle.importKey("jwk", key.publicJwk as JsonWebKey, { name: "Ed25519" }, false, ["verify"]);

    // A benchmark of a failing check would measure the fast path to a rejection.
    assert.equal(verify(null, signingInput, nodePublicKey, signatureBytes), true);
    assert.equal((await verifyLicenseFile(file, jwks, { now })).code, "VALID");
    assert.equal((await verifyLicenseFile(deviceBoundFile, jwks, { now, fingerprint: "bench-machine" })).code, "VALID");
    assert.equal((await verifyLicenseFile(file, JSON.parse(jwksJson), { now })).code, "VALID");
    assert.equal(await crypto.subtle.verify("Ed25519", webCryptoKey, signatureBytes, signingInput), true);

    const perRound = await measureInterleaved([
      { name: BASELINE, run: () => verify(null, signingInput, nodePublicKey, signatureBytes) },
      { name: SDK, run: () => verifyLicenseFile(file, jwks, { now }) },
      { name: SDK_DEVICE_BOUND, run: () => verifyLicenseFile(deviceBoundFile, jwks, { now, fingerprint: "bench-machine" }) },
      // What the per-kid CryptoKey cache saves: a new JWKS object each call means importing the key each call.
      { name: SDK_UNCACHED_KEYS, run: () => verifyLicenseFile(file, JSON.parse(jwksJson), { now }) },
      { name: WEBCRYPTO, run: () => crypto.subtle.verify("Ed25519", webCryptoKey, signatureBytes, signingInput) },
    ]);

    return [BASELINE, SDK, SDK_DEVICE_BOUND, SDK_UNCACHED_KEYS, WEBCRYPTO].map((name) => ({
      case: name,
      opsPerSecond: median(perRound.get(name)!),
      ratio: medianRatio(perRound, name, BASELINE),
      ...(name === SDK ? { goal: GOAL } : {}),
    }));
  },
};
