/**
 * The shared vectors (scripts/protocol-vectors.ts): license files and offline activation answers
 * made by the portal's code, each with the verdict every client must reach. The Python client reads
 * the same file (packages/python/tests/test_protocol_vectors.py), so the two agree on every code.
 * `npm test` writes the vectors once and names the folder in REKEY_PROTOCOL_VECTORS_DIR; run alone,
 * this file makes its own, in its REKEY_DATA_DIR (removed after the file).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { ProtocolVectors } from "../../../scripts/protocol-vectors.ts";
import { scratchDir } from "../../../testing/scratch-dir.ts";
import { fingerprintHash } from "./fingerprint-hash.ts";
import { parseLicenseKeyPrefix } from "./license-key-prefix.ts";
import { verifyOfflineActivation } from "./offline-activation.ts";
import type { OfflineActivationRequest } from "./device-protocol.ts";
import { verifyLicenseFile } from "./verify-license-file.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

function loadVectors(): ProtocolVectors {
  let dir = process.env.REKEY_PROTOCOL_VECTORS_DIR;
  if (!dir) {
    dir = scratchDir("rekey-vectors-");
    execFileSync(process.execPath, ["--import", "tsx", "scripts/protocol-vectors.ts", dir], {
      cwd: ROOT,
      stdio: "ignore",
    });
  }
  return JSON.parse(readFileSync(path.join(dir, "vectors.json"), "utf8")) as ProtocolVectors;
}

describe("the shared protocol vectors, read by the JS SDK", () => {
  let vectors: ProtocolVectors;
  beforeAll(() => {
    vectors = loadVectors();
  }, 300_000); // generating them opens and migrates an in-memory database: slow on a shared machine

  it("reaches the expected code on every license file", async () => {
    const outcomes = [];
    for (const vector of vectors.licenseFiles) {
      const jwks = vector.jwks === "published" ? vectors.jwks : vectors.jwksWithoutSigningKey;
      const result = await verifyLicenseFile(vector.file, jwks as never, {
        now: () => new Date(vector.at),
        product: vector.product,
        fingerprint: vector.fingerprint,
        clockSkewSeconds: vectors.clockSkewSeconds,
      });
      outcomes.push({
        name: vector.name,
        valid: result.valid,
        code: result.code,
        ...("inGrace" in vector.expected ? { inGrace: result.valid && result.inGrace } : {}),
      });
    }
    expect(outcomes).toEqual(vectors.licenseFiles.map(({ name, expected }) => ({ name, ...expected })));
  });

  it("reaches the expected code on every offline activation answer", async () => {
    const outcomes = [];
    for (const vector of vectors.offlineActivations) {
      const result = await verifyOfflineActivation(vector.file, vectors.jwks as never, {
        request: vector.request as unknown as OfflineActivationRequest,
        fingerprint: vector.fingerprint,
        now: () => new Date(vector.at),
      });
      outcomes.push({ name: vector.name, valid: result.valid, code: result.code });
    }
    expect(outcomes).toEqual(vectors.offlineActivations.map(({ name, expected }) => ({ name, ...expected })));
  });

  it("hashes fingerprints and reads key prefixes as the vectors say", async () => {
    for (const { salt, fingerprint, hash } of vectors.fingerprintHashes)
      expect(await fingerprintHash(salt, fingerprint)).toBe(hash);
    for (const { key, prefix } of vectors.keyPrefixes) expect(parseLicenseKeyPrefix(key)).toBe(prefix);
  });
});
