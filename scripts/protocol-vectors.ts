/**
 * Shared test vectors for the client libraries (issue 17): license files, a JWKS and offline
 * activation answers made by the portal's own code (the signing service, `issueLicenseFile`,
 * `activateDeviceOffline`), each with the verdict every client must reach. The JS SDK
 * (packages/sdk/src/protocol-vectors.test.ts) and the Python client
 * (packages/python/tests/test_protocol_vectors.py) read the same file, so they agree on every code.
 *
 *   node --import tsx scripts/protocol-vectors.ts <dir>     # writes <dir>/vectors.json
 *
 * Generated at test time, never committed: the signing key is made here under a throwaway master
 * key in a throwaway database (on TEST_DATABASE_URL's server, as `npm test` runs it, else an
 * in-memory PGlite) and forgotten on exit, so no private key sits in the repository for
 * someone to copy into a real deployment, and the vectors always follow the portal's current code
 * (a change to the claims or the signing shows up in both clients' tests at once).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import type { JWTPayload } from "jose";
import { pinAuditKeys } from "@/lib/audit/audit-keys";
import { parseMasterKeyRing } from "@/lib/crypto";
import { openDatabase } from "@/lib/db";
import * as t from "@/lib/db/schema";
import { activateDeviceOffline } from "@/lib/devices";
import { issueLicenseFile } from "@/lib/licensing";
import { candidateScopes, editionScope, ensureSigningKeys } from "@/lib/signing";
import { fixedNow, keyMaterialPass, makeLicenseWithKey, makeSigner, testSecrets } from "@/testing/factories";
import { openThrowawayDatabase } from "@/testing/test-server";
import { offlineActivationSchema } from "@/lib/validations/devices";
import {
  createOfflineActivationRequest,
  fingerprintHash,
  offlineFingerprintSalt,
  offlineRequestFile,
  parseLicenseKeyPrefix,
} from "@rekey/sdk";

/** When the portal issues every file below; each case says when the client checks it. */
const ISSUED_AT = "2026-11-23T12:00:00.000Z";
const DAY_MS = 86_400_000;
const CLOCK_SKEW_SECONDS = 300;

export interface LicenseFileVector {
  name: string;
  file: string;
  /** `published`: the portal's JWKS; `without-signing-key`: the same set lacking the key that signed. */
  jwks: "published" | "without-signing-key";
  at: string;
  product?: string;
  fingerprint?: string;
  expected: { valid: boolean; code: string; inGrace?: boolean };
}

export interface OfflineActivationVector {
  name: string;
  file: string;
  request: Record<string, unknown>;
  fingerprint: string;
  at: string;
  expected: { valid: boolean; code: string };
}

export interface ProtocolVectors {
  clockSkewSeconds: number;
  jwks: { keys: object[] };
  jwksWithoutSigningKey: { keys: object[] };
  licenseFiles: LicenseFileVector[];
  offlineActivations: OfflineActivationVector[];
  fingerprintHashes: { salt: string; fingerprint: string; hash: string }[];
  keyPrefixes: { key: string; prefix: string | null }[];
}

const at = (offsetMs: number) => new Date(Date.parse(ISSUED_AT) + offsetMs).toISOString();
const base64urlJson = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const decodeSegment = (segment: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));

/** The same signature over another header or payload: what an attacker editing a file produces. */
function withHeader(file: string, edit: (header: Record<string, unknown>) => Record<string, unknown>): string {
  const [header, payload, signature] = file.split(".") as [string, string, string];
  return [base64urlJson(edit(decodeSegment(header))), payload, signature].join(".");
}

function withPayload(file: string, edit: (payload: Record<string, unknown>) => Record<string, unknown>): string {
  const [header, payload, signature] = file.split(".") as [string, string, string];
  return [header, base64urlJson(edit(decodeSegment(payload))), signature].join(".");
}

export async function makeProtocolVectors(): Promise<ProtocolVectors> {
  const masterKey = `v1:${randomBytes(32).toString("base64")}`;
  pinAuditKeys(() => parseMasterKeyRing(masterKey));
  // On `npm test`'s PostgreSQL cluster when there is one: opening and migrating an embedded PGlite
  // took most of this script's 12 CPU-s (issue 23).
  const database = process.env.TEST_DATABASE_URL ? await openThrowawayDatabase() : await openDatabase({});
  try {
    const { db } = database;
    const now = fixedNow(ISSUED_AT);
    const secrets = testSecrets();
    const { signer } = await makeSigner(db, secrets, now);
    const issuer = "https://portal.rekey.test/";
    const graceDays = 7;

    const { license, key, ctx } = await makeLicenseWithKey(db, secrets, {
      now,
      startsAt: new Date(at(-30 * DAY_MS)),
      expiresAt: new Date(at(365 * DAY_MS)),
      offlineGraceDays: graceDays,
    });
    const [product] = await db.select().from(t.products).where(eq(t.products.id, license.productId));
    const productCode = product!.code;
    const pass = await keyMaterialPass(ctx, license.id);
    const issue = async (fields: { fingerprint?: string } = {}) =>
      (await issueLicenseFile(ctx, pass, { licenseId: license.id, ...fields }, { signer, issuer })).token;
    const file = await issue();
    const claims = decodeSegment(file.split(".")[1]!) as JWTPayload & { exp: number; nbf: number };
    // Signed by the portal's signing service, but claims it would not issue today: another format
    // version (a past or future portal), another token kind, a wrong type.
    const signClaims = async (edit: (claims: JWTPayload) => JWTPayload) =>
      (await signer.sign(edit({ ...claims }), { scopes: candidateScopes(license.productId, license.editionId) })).token;
    /**
     * Edition-scoped keys (lib/signing/scope.ts): this edition and a sibling each get their own key.
     * A file for this edition signed with the sibling's key is a cross-scope forgery every client
     * must refuse, even though the signature itself is genuine.
     */
    const makeEditionScopeVectors = async () => {
      const [sibling] = await db
        .insert(t.editions)
        .values({ productId: license.productId, code: "vector-sibling", name: "Sibling" })
        .returning();
      const ownScope = editionScope(license.productId, license.editionId);
      const siblingScope = editionScope(license.productId, sibling!.id);
      for (const scope of [ownScope, siblingScope]) await ensureSigningKeys(ctx, { ring: secrets.ring, scope });
      signer.invalidate();
      const signIn = async (scope: string) => (await signer.sign({ ...claims }, { scopes: [scope] })).token;
      return [
        published("a file signed with its own edition's key", await signIn(ownScope), valid),
        published(
          "a file for this edition signed with another edition's key (cross-scope forgery)",
          await signIn(siblingScope),
          rejected("INVALID_SIGNATURE"),
        ),
      ];
    };
    const expMs = claims.exp * 1000;
    const deviceBound = await issue({ fingerprint: "vector-machine-a" });
    const signingKid = decodeSegment(file.split(".")[0]!).kid;

    const valid = { valid: true, code: "VALID", inGrace: false };
    const rejected = (code: string) => ({ valid: false, code });
    const during = at(DAY_MS);
    const published = (
      name: string,
      vectorFile: string,
      expected: LicenseFileVector["expected"],
      check: Partial<LicenseFileVector> = {},
    ): LicenseFileVector => ({
      name,
      file: vectorFile,
      jwks: "published",
      at: during,
      product: productCode,
      expected,
      ...check,
    });

    const licenseFiles: LicenseFileVector[] = [
      published("a current file for this product", file, valid),
      published("a file read from disk with a trailing newline", `${file}\n`, valid),
      published("a file checked without naming the product", file, valid, { product: undefined }),
      published("a file for another product", file, rejected("PRODUCT_MISMATCH"), { product: `${productCode}-other` }),
      published(
        "a file in its offline grace after exp",
        file,
        { valid: true, code: "VALID", inGrace: true },
        { at: new Date(expMs + DAY_MS).toISOString() },
      ),
      published(
        "a file exactly at exp (no tolerance at the expiry end: grace covers it)",
        file,
        { valid: true, code: "VALID", inGrace: true },
        { at: new Date(expMs).toISOString() },
      ),
      published("an expired file past its grace", file, rejected("EXPIRED"), {
        at: new Date(expMs + (graceDays + 1) * DAY_MS).toISOString(),
      }),
      published("a file checked on a clock behind its nbf by more than the skew", file, rejected("NOT_YET_VALID"), {
        at: new Date(claims.nbf * 1000 - (CLOCK_SKEW_SECONDS + 60) * 1000).toISOString(),
      }),
      published("a file checked on a clock behind its nbf within the skew", file, valid, {
        at: new Date(claims.nbf * 1000 - (CLOCK_SKEW_SECONDS - 60) * 1000).toISOString(),
      }),
      published("a device-bound file on its device", deviceBound, valid, { fingerprint: "vector-machine-a" }),
      published("a device-bound file on another device", deviceBound, rejected("FINGERPRINT_MISMATCH"), {
        fingerprint: "vector-machine-b",
      }),
      published("a device-bound file checked without a fingerprint", deviceBound, rejected("FINGERPRINT_MISMATCH")),
      published(
        "a file whose payload was edited (more seats)",
        withPayload(file, (payload) => ({ ...payload, seats: 500 })),
        rejected("INVALID_SIGNATURE"),
      ),
      published(
        "a file whose signature was altered",
        `${file.slice(0, -6)}${file.slice(-6) === "AAAAAA" ? "BBBBBB" : "AAAAAA"}`,
        rejected("INVALID_SIGNATURE"),
      ),
      published(
        "a file whose header names an unknown kid",
        withHeader(file, (header) => ({ ...header, kid: `unknown-${randomUUID()}` })),
        rejected("UNKNOWN_KEY_ID"),
      ),
      published("a file signed with a key the client does not have", file, rejected("UNKNOWN_KEY_ID"), {
        jwks: "without-signing-key",
      }),
      published(
        'a file whose header says "alg": "none"',
        withHeader(file, (header) => ({ ...header, alg: "none" })),
        rejected("INVALID_SIGNATURE"),
      ),
      published(
        'a file whose header says "alg": "HS256" (algorithm confusion)',
        withHeader(file, (header) => ({ ...header, alg: "HS256" })),
        rejected("INVALID_SIGNATURE"),
      ),
      published(
        "a file whose header names another portal algorithm than its key's",
        withHeader(file, (header) => ({ ...header, alg: header.alg === "ES256" ? "RS256" : "ES256" })),
        rejected("INVALID_SIGNATURE"),
      ),
      published(
        "a file naming an unknown critical header extension",
        withHeader(file, (header) => ({ ...header, crit: ["exp"], exp: 1 })),
        rejected("INVALID_SIGNATURE"),
      ),
      published(
        "a file with an unencoded payload (b64: false)",
        withHeader(file, (header) => ({ ...header, crit: ["b64"], b64: false })),
        rejected("MALFORMED"),
      ),
      published(
        "a file whose header has no kid",
        withHeader(file, ({ kid: _kid, ...header }) => header),
        rejected("MALFORMED"),
      ),
      published("text that is not a license file", "this is not a license file", rejected("MALFORMED")),
      published(
        "a file whose edition restricts it to some features after expiry (issue 18)",
        await signClaims((payload) => ({
          ...payload,
          expiry_strategy: "restrict",
          entitlements_after_expiry: ["export"],
        })),
        valid,
      ),
      published(
        "a file naming an expiry strategy the clients do not know",
        await signClaims((payload) => ({ ...payload, expiry_strategy: "forever" })),
        rejected("MALFORMED"),
      ),
      published(
        "a file whose entitlements after expiry are not a list of codes",
        await signClaims((payload) => ({
          ...payload,
          expiry_strategy: "restrict",
          entitlements_after_expiry: "export",
        })),
        rejected("MALFORMED"),
      ),
      published(
        "a JWS with padding in its payload",
        withPayload(file, (payload) => payload).replace(/\.([^.]*)\./, ".$1=."),
        rejected("MALFORMED"),
      ),
      published(
        "a file in format version 1 (before trial)",
        await signClaims(({ trial: _trial, ...payload }) => ({ ...payload, ver: 1 })),
        valid,
      ),
      published(
        "a file in a newer format",
        await signClaims((payload) => ({ ...payload, ver: 3 })),
        rejected("UNSUPPORTED_VERSION"),
      ),
      published(
        "a file in a retired format",
        await signClaims((payload) => ({ ...payload, ver: 0 })),
        rejected("UNSUPPORTED_VERSION"),
      ),
      published(
        "a signed token for another audience (not a license file)",
        await signClaims(({ iss, iat, exp }) => ({
          iss,
          iat,
          exp,
          aud: "rekey:validation",
          valid: true,
          code: "VALID",
        })),
        rejected("MALFORMED"),
      ),
      published(
        "a file whose seats claim has the wrong type",
        await signClaims((payload) => ({ ...payload, seats: "5" })),
        rejected("MALFORMED"),
      ),
    ];

    licenseFiles.push(...(await makeEditionScopeVectors()));

    const airGapped = "vector-air-gapped-machine";
    const request = await createOfflineActivationRequest({
      key: key.plaintext,
      fingerprint: airGapped,
      product: productCode,
      name: "Lab-PC",
      now,
    });
    const parsed = offlineActivationSchema.parse({ licenseId: license.id, request: offlineRequestFile(request) });
    const { file: offlineFile } = await activateDeviceOffline(ctx, pass, parsed, {
      hasher: secrets.hasher,
      signer,
      issuer,
    });
    const otherRequest = await createOfflineActivationRequest({
      key: key.plaintext,
      fingerprint: airGapped,
      product: productCode,
      now,
    });
    const offlineActivations: OfflineActivationVector[] = [
      {
        name: "the file answering this machine's request",
        file: offlineFile.token,
        request: { ...request },
        fingerprint: airGapped,
        at: during,
        expected: { valid: true, code: "VALID" },
      },
      {
        name: "the file for another request from this machine",
        file: offlineFile.token,
        request: { ...otherRequest },
        fingerprint: airGapped,
        at: during,
        expected: rejected("REQUEST_MISMATCH"),
      },
      {
        name: "the file on another machine",
        file: offlineFile.token,
        request: { ...request },
        fingerprint: "vector-other-machine",
        at: during,
        expected: rejected("FINGERPRINT_MISMATCH"),
      },
    ];

    const fingerprintInputs: [string, string][] = [
      [license.id, "vector-machine-a"],
      [offlineFingerprintSalt(productCode), airGapped],
      ["product:studio", "Mäschine 7 – ünïcødé 🖥"],
    ];
    const keyTexts = [
      key.plaintext,
      key.plaintext.toLowerCase().replace(/-/g, " "),
      key.plaintext.replace(/^RK-/, ""),
      "RK-0O1I-L234-5678-9ABC-D",
      "RK-TOO-SHORT",
      "",
    ];

    // Read after every key above was made, so the set holds the edition keys and their scopes.
    const jwks = { keys: await signer.publicKeys() };
    return {
      clockSkewSeconds: CLOCK_SKEW_SECONDS,
      jwks,
      jwksWithoutSigningKey: { keys: jwks.keys.filter((jwk) => jwk.kid !== signingKid) },
      licenseFiles,
      offlineActivations,
      fingerprintHashes: await Promise.all(
        fingerprintInputs.map(async ([salt, fingerprint]) => ({
          salt,
          fingerprint,
          hash: await fingerprintHash(salt, fingerprint),
        })),
      ),
      keyPrefixes: keyTexts.map((text) => ({ key: text, prefix: parseLicenseKeyPrefix(text) })),
    };
  } finally {
    await database.close();
  }
}

const outputDir = process.argv[2];
if (outputDir) {
  mkdirSync(outputDir, { recursive: true });
  const vectors = await makeProtocolVectors();
  writeFileSync(path.join(outputDir, "vectors.json"), `${JSON.stringify(vectors, null, 2)}\n`);
  console.log(
    `[protocol-vectors] ${vectors.licenseFiles.length} license files, ${vectors.offlineActivations.length} offline activations → ${path.join(outputDir, "vectors.json")}`,
  );
}
