/**
 * What an offline license check costs a client: the SDK's `verifyLicenseFile` against the cheapest
 * possible check of the same file, one synchronous `node:crypto.verify` (Ed25519) over its signing
 * input. The SDK also parses the JWS and checks every claim. In Node it verifies with node:crypto
 * too (`#runtime-crypto` resolves to its Node verifier); browsers and Deno get the WebCrypto one
 * (jose over crypto.subtle), whose cost the last two rows show as measured in Node.
 */
import assert from "node:assert/strict";
import { createPublicKey, verify } from "node:crypto";
import { fingerprintHash } from "../packages/sdk/src/fingerprint-hash";
import { createJwksCache } from "../packages/sdk/src/jwks-cache";
import { verifyCompactJws as verifyWithWebCrypto } from "../packages/sdk/src/runtime-crypto/webcrypto";
import { verifyLicenseFile } from "../packages/sdk/src/verify-license-file";
import {
  fixedNow,
  makeJwks,
  makeLicenseClaims,
  makeSigningKey,
  signLicenseFile,
} from "../packages/sdk/testing/factories";
import { measureInterleaved, median, medianRatio, type Benchmark } from "./benchmark";

const BASELINE = "node:crypto.verify (Ed25519), baseline";
const SDK = "SDK verifyLicenseFile";
const SDK_DEVICE_BOUND = "SDK verifyLicenseFile, device-bound file";
const SDK_UNCACHED_KEYS = "SDK verifyLicenseFile, JWKS parsed anew per call";
const JOSE_WEBCRYPTO = "SDK's WebCrypto verifier (browsers, Deno): JWS checks + jose compactVerify, no claims";
const WEBCRYPTO = "crypto.subtle.verify (Ed25519) alone";
const GOAL = 0.8;

export const sdkVerifyBenchmark: Benchmark = {
  name: "sdk-verify",
  description:
    "Offline license-file checks per second, one at a time (a client checks its own file, it does not batch). " +
    `Baseline: synchronous node:crypto.verify over the file's signing input with a prepared public key. Goal: the SDK at ≥ ${GOAL}× the baseline. ` +
    "The SDK rows are the whole check as a Node app runs it: parsing the compact JWS and its header, the key looked up by kid " +
    "(imported once and kept as a KeyObject), a synchronous node:crypto.verify, then every claim (the device-bound row also hashes the fingerprint); " +
    "the uncached row gives it a freshly parsed JWKS object each call, so the key is imported each call. " +
    "Browsers and Deno get the SDK's WebCrypto verifier instead; the last two rows measure it and its crypto.subtle.verify call in Node, " +
    "where each WebCrypto job runs on the thread pool and resolves a promise. " +
    "Cases run interleaved in rounds; ratios are medians of per-round ratios.",

  async run() {
    const key = await makeSigningKey("EdDSA");
    const jwks = makeJwks(key);
    const jwksJson = JSON.stringify(jwks);
    const now = fixedNow("2026-03-01T12:00:00Z");
    const claims = makeLicenseClaims();
    const file = await signLicenseFile(key, claims);
    const deviceBoundFile = await signLicenseFile(key, {
      ...claims,
      fph: await fingerprintHash(claims.sub, "bench-machine"),
    });

    const [header, payload, signature] = file.split(".");
    const signingInput = Buffer.from(`${header}.${payload}`);
    const signatureBytes = Buffer.from(signature!, "base64url");
    const nodePublicKey = createPublicKey({ key: { ...key.publicJwk }, format: "jwk" });
    const webCryptoKeys = createJwksCache({ jwks });
    const webCryptoKey = await crypto.subtle.importKey("jwk", key.publicJwk as JsonWebKey, { name: "Ed25519" }, false, [
      "verify",
    ]);

    // A benchmark of a failing check would measure the fast path to a rejection.
    assert.equal(verify(null, signingInput, nodePublicKey, signatureBytes), true);
    assert.equal((await verifyLicenseFile(file, jwks, { now })).code, "VALID");
    assert.equal((await verifyLicenseFile(deviceBoundFile, jwks, { now, fingerprint: "bench-machine" })).code, "VALID");
    assert.equal((await verifyLicenseFile(file, JSON.parse(jwksJson), { now })).code, "VALID");
    assert.ok((await verifyWithWebCrypto(file, webCryptoKeys.getKey)).length > 0);
    assert.equal(await crypto.subtle.verify("Ed25519", webCryptoKey, signatureBytes, signingInput), true);

    const perRound = await measureInterleaved([
      { name: BASELINE, run: () => verify(null, signingInput, nodePublicKey, signatureBytes) },
      { name: SDK, run: () => verifyLicenseFile(file, jwks, { now }) },
      {
        name: SDK_DEVICE_BOUND,
        run: () => verifyLicenseFile(deviceBoundFile, jwks, { now, fingerprint: "bench-machine" }),
      },
      // What the per-kid CryptoKey cache saves: a new JWKS object each call means importing the key each call.
      { name: SDK_UNCACHED_KEYS, run: () => verifyLicenseFile(file, JSON.parse(jwksJson), { now }) },
      { name: JOSE_WEBCRYPTO, run: () => verifyWithWebCrypto(file, webCryptoKeys.getKey) },
      { name: WEBCRYPTO, run: () => crypto.subtle.verify("Ed25519", webCryptoKey, signatureBytes, signingInput) },
    ]);

    return [BASELINE, SDK, SDK_DEVICE_BOUND, SDK_UNCACHED_KEYS, JOSE_WEBCRYPTO, WEBCRYPTO].map((name) => ({
      case: name,
      opsPerSecond: median(perRound.get(name)!),
      ratio: medianRatio(perRound, name, BASELINE),
      ...(name === SDK ? { goal: GOAL } : {}),
    }));
  },
};
