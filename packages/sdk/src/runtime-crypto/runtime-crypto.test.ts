/**
 * Both verifiers behind `#runtime-crypto` side by side: whatever a file is, the Node verifier and
 * the WebCrypto one must agree, so an app behaves the same in Node, a browser and Deno.
 */
import { base64url, errors } from "jose";
import { describe, expect, it } from "vitest";
import {
  makeJwks,
  makeLicenseClaims,
  makeSigningKey,
  signCompactJwsWithNodeCrypto,
  signLicenseFile,
  type SigningKey,
} from "../../testing/factories.ts";
import { createJwksCache } from "../jwks-cache.ts";
import * as selected from "#runtime-crypto";
import * as nodeCrypto from "./node.ts";
import * as webCrypto from "./webcrypto.ts";

const RUNTIMES = [
  ["node:crypto", nodeCrypto],
  ["WebCrypto", webCrypto],
] as const;

/** What a verifier made of a token: the payload text, or the class of the error it threw. */
async function outcome(runtime: typeof nodeCrypto, token: string, key: SigningKey, keys = [key]): Promise<string> {
  try {
    return `payload ${new TextDecoder().decode(await runtime.verifyCompactJws(token, createJwksCache({ jwks: makeJwks(...keys) }).getKey))}`;
  } catch (error) {
    return (error as Error).constructor.name;
  }
}

async function outcomesOnBothPaths(token: string, key: SigningKey, keys = [key]): Promise<[string, string]> {
  return [await outcome(nodeCrypto, token, key, keys), await outcome(webCrypto, token, key, keys)];
}

const encodeJson = (value: unknown) => base64url.encode(JSON.stringify(value));

describe("verifying a compact JWS the same way in Node and elsewhere", () => {
  it("uses node:crypto in Node, unless the test project forces the WebCrypto path", () => {
    const expected = process.env.REKEY_SDK_RUNTIME_CRYPTO === "webcrypto" ? webCrypto : nodeCrypto;

    expect(selected.verifyCompactJws).toBe(expected.verifyCompactJws);
  });

  it.each(["EdDSA", "ES256", "RS256"] as const)(
    "accepts %s files signed by jose and by node:crypto on both paths",
    async (alg) => {
      const key = await makeSigningKey(alg);
      const payload = JSON.stringify(makeLicenseClaims());
      const signedByJose = await signLicenseFile(key, JSON.parse(payload));
      const signedByNode = signCompactJwsWithNodeCrypto(key, { alg, kid: key.kid, typ: "JWT" }, payload);

      expect(await outcomesOnBothPaths(signedByJose, key)).toEqual([`payload ${payload}`, `payload ${payload}`]);
      expect(await outcomesOnBothPaths(signedByNode, key)).toEqual([`payload ${payload}`, `payload ${payload}`]);
    },
  );

  it("hashes fingerprints identically on both paths", async () => {
    const bytes = new TextEncoder().encode("rekey-fp:v1:license:machine");

    expect(await nodeCrypto.sha256Base64url(bytes)).toBe(await webCrypto.sha256Base64url(bytes));
  });

  /** Each case builds a token from an Ed25519 key (a signature is 86 base64url characters); the class is what both paths throw. */
  const refusals: [string, (key: SigningKey) => Promise<string> | string, string][] = [
    ["two parts", async (key) => (await signLicenseFile(key, {})).split(".").slice(0, 2).join("."), "JWSInvalid"],
    ["four parts", async (key) => `${await signLicenseFile(key, {})}.e30`, "JWSInvalid"],
    ["standard base64 in the header", async (key) => `+${(await signLicenseFile(key, {})).slice(1)}`, "JWSInvalid"],
    ["whitespace inside a part", async (key) => (await signLicenseFile(key, {})).replace(".", " ."), "JWSInvalid"],
    ["padding in the signature", async (key) => `${await signLicenseFile(key, {})}==`, "JWSInvalid"],
    ["a signature of impossible length", async (key) => `${await signLicenseFile(key, {})}AAA`, "JWSInvalid"],
    [
      "a header that is not JSON",
      async (key) => `${base64url.encode("{alg")}.${(await signLicenseFile(key, {})).split(".").slice(1).join(".")}`,
      "JWSInvalid",
    ],
    ["a header that is a JSON array", (key) => signCompactJwsWithNodeCrypto(key, ["EdDSA"], "{}"), "JWSInvalid"],
    [
      "a header that is not UTF-8",
      async (key) =>
        `${base64url.encode(new Uint8Array([0x7b, 0xff, 0x7d]))}.e30.${(await signLicenseFile(key, {})).split(".")[2]}`,
      "JWSInvalid",
    ],
    ["no alg", (key) => signCompactJwsWithNodeCrypto(key, { kid: key.kid }, "{}"), "JWSInvalid"],
    ["alg none", (key) => `${encodeJson({ alg: "none", kid: key.kid })}.${encodeJson({})}.`, "JOSEAlgNotAllowed"],
    [
      "alg HS256",
      (key) => signCompactJwsWithNodeCrypto(key, { alg: "HS256", kid: key.kid }, "{}"),
      "JOSEAlgNotAllowed",
    ],
    [
      "an alg other than the key's",
      (key) => signCompactJwsWithNodeCrypto(key, { alg: "ES256", kid: key.kid }, "{}"),
      "JOSEAlgNotAllowed",
    ],
    [
      "a critical extension it does not understand",
      (key) => signCompactJwsWithNodeCrypto(key, { alg: "EdDSA", kid: key.kid, crit: ["exp"], exp: 1 }, "{}"),
      "JOSENotSupported",
    ],
    [
      "an empty crit list",
      (key) => signCompactJwsWithNodeCrypto(key, { alg: "EdDSA", kid: key.kid, crit: [] }, "{}"),
      "JWSInvalid",
    ],
    [
      "a critical parameter that is absent",
      (key) => signCompactJwsWithNodeCrypto(key, { alg: "EdDSA", kid: key.kid, crit: ["b64"] }, "{}"),
      "JWSInvalid",
    ],
    [
      "b64 false, critical",
      (key) => signCompactJwsWithNodeCrypto(key, { alg: "EdDSA", kid: key.kid, crit: ["b64"], b64: false }, "{}"),
      "JWSInvalid",
    ],
    [
      "b64 false, not critical",
      (key) => signCompactJwsWithNodeCrypto(key, { alg: "EdDSA", kid: key.kid, b64: false }, "{}"),
      "JWSInvalid",
    ],
    ["no kid", (key) => signCompactJwsWithNodeCrypto(key, { alg: "EdDSA" }, "{}"), "JWSInvalid"],
    [
      "an unknown kid",
      (key) => signCompactJwsWithNodeCrypto(key, { alg: "EdDSA", kid: "someone-else" }, "{}"),
      "UnknownKeyIdError",
    ],
    [
      "an altered payload",
      async (key) => (await signLicenseFile(key, { seats: 1 })).replace(/\.[^.]+\./, `.${encodeJson({ seats: 500 })}.`),
      "JWSSignatureVerificationFailed",
    ],
    [
      "an altered header",
      async (key) =>
        (await signLicenseFile(key, {})).replace(/^[^.]+/, encodeJson({ alg: "EdDSA", kid: key.kid, typ: "JOSE" })),
      "JWSSignatureVerificationFailed",
    ],
    [
      "an empty signature",
      async (key) => (await signLicenseFile(key, {})).replace(/[^.]+$/, ""),
      "JWSSignatureVerificationFailed",
    ],
    [
      "a truncated signature",
      async (key) => (await signLicenseFile(key, {})).slice(0, -4),
      "JWSSignatureVerificationFailed",
    ],
  ];

  it.each(refusals)(
    "refuses a token with %s on both paths, with the same error",
    async (_case, makeToken, expected) => {
      const key = await makeSigningKey("EdDSA");

      expect(await outcomesOnBothPaths(await makeToken(key), key)).toEqual([expected, expected]);
    },
  );

  it("accepts b64 true named as critical on both paths, as jose does", async () => {
    const key = await makeSigningKey("EdDSA");
    const token = signCompactJwsWithNodeCrypto(key, { alg: "EdDSA", kid: key.kid, crit: ["b64"], b64: true }, "{}");

    expect(await outcomesOnBothPaths(token, key)).toEqual(["payload {}", "payload {}"]);
  });

  it("refuses a signature by another key under a known kid on both paths", async () => {
    const genuine = await makeSigningKey("ES256");
    const forger = await makeSigningKey("ES256");
    const forged = signCompactJwsWithNodeCrypto(
      { ...forger, kid: genuine.kid },
      { alg: "ES256", kid: genuine.kid },
      "{}",
    );

    expect(await outcomesOnBothPaths(forged, genuine)).toEqual([
      "JWSSignatureVerificationFailed",
      "JWSSignatureVerificationFailed",
    ]);
  });

  it.each(RUNTIMES)(
    "throws jose's error classes from the %s path, so callers classify both alike",
    async (_name, runtime) => {
      const key = await makeSigningKey("EdDSA");
      const tampered = (await signLicenseFile(key, {})).slice(0, -4);

      await expect(
        runtime.verifyCompactJws(tampered, createJwksCache({ jwks: makeJwks(key) }).getKey),
      ).rejects.toBeInstanceOf(errors.JWSSignatureVerificationFailed);
    },
  );
});
