import { createPublicKey, verify } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import * as t from "@/lib/db/schema";
import { useTestDatabase } from "@/testing/test-database";
import { MasterKeyError, parseMasterKeyRing, sealSecret } from "@/lib/crypto";
import { findStripeWebhookSecrets } from "@/lib/billing";
import { STRIPE_WEBHOOK_SECRET_CONTEXT } from "@/lib/billing/stripe-webhook-secrets";
import { Conflict, PolicyViolation } from "@/lib/errors";
import { makeProduct, systemActor, testSecrets } from "@/testing/factories";
import { MIN_PUBLISHED_SECONDS } from "./ensure-signing-keys";
import {
  createSigningService,
  editionScope,
  ensureSigningKeys,
  generateSigningKey,
  GLOBAL_SCOPE,
  productScope,
  retireSigningKey,
  rotateSigningKey,
  SIGNING_KEY_SCOPE_MEMBER,
} from "./index";
import { rewrapMasterKey, verifyMasterKeyRing } from "@/lib/key-governance";
import { randomBytes } from "node:crypto";

/** Verifies a compact JWS with nothing but node:crypto and the JWK: no project code, no jose. */
function verifyWithNodeCrypto(token: string, jwk: Record<string, unknown>): boolean {
  const [header, payload, signature] = token.split(".");
  const key = createPublicKey({ key: jwk, format: "jwk" } as never);
  const input = Buffer.from(`${header}.${payload}`);
  const sig = Buffer.from(signature!, "base64url");
  const alg = JSON.parse(Buffer.from(header!, "base64url").toString()).alg as string;
  if (alg === "EdDSA") return verify(null, input, key, sig);
  if (alg === "ES256") return verify("sha256", input, { key, dsaEncoding: "ieee-p1363" }, sig);
  return verify("sha256", input, key, sig);
}

describe("signing service", () => {
  const database = useTestDatabase();
  const secrets = testSecrets();
  const ctx = () => ({ db: database.db, now: () => new Date(), actor: systemActor });
  beforeAll(async () => {
    await ensureSigningKeys(ctx(), { ring: secrets.ring });
  });

  it("serves the last published keys from memory while the database is unreachable, for up to a day", async () => {
    let isDown = false;
    let clock = Date.parse("2026-11-23T12:00:00Z");
    const unreachable = new Proxy(database.db, {
      get: (target, property, receiver) => {
        if (isDown && property === "select") throw new Error("connect ECONNREFUSED (injected)");
        return Reflect.get(target, property, receiver);
      },
    });
    const service = createSigningService({ db: unreachable, ring: secrets.ring, clock: () => clock });
    const keys = await service.publicKeys();
    isDown = true;
    clock += 60 * 60_000;
    expect(await service.publicKeys()).toEqual(keys);
    clock += 24 * 60 * 60_000;
    await expect(service.publicKeys()).rejects.toThrow(/ECONNREFUSED/);
  });

  it("sends one database read for all the requests that find the key cache expired at once", async () => {
    let reads = 0;
    const counted = new Proxy(database.db, {
      get: (target, property, receiver) => {
        if (property === "select") reads++;
        return Reflect.get(target, property, receiver);
      },
    });
    const service = createSigningService({ db: counted, ring: secrets.ring, cacheTtlMs: 0 });
    const answers = await Promise.all(Array.from({ length: 10 }, () => service.publicKeys()));
    expect(new Set(answers).size).toBe(1);
    expect(reads).toBe(1);
    await Promise.all(Array.from({ length: 10 }, () => service.sign({ sub: "x" }, { scopes: [] })));
    expect(reads).toBe(2);
    // Expired again: the next request reads again rather than keeping the old answer.
    await service.publicKeys();
    expect(reads).toBe(3);
  });

  it("starts with an active EdDSA key and a pending successor, both published", async () => {
    const service = createSigningService({ db: database.db, ring: secrets.ring });
    const keys = await service.publicKeys();
    expect(keys).toHaveLength(2);
    for (const key of keys)
      expect(key).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", use: "sig", kid: expect.any(String) });
    expect(keys.some((key) => "d" in key)).toBe(false);
    await ensureSigningKeys(ctx(), { ring: secrets.ring });
    expect(await database.db.select().from(t.signingKeys)).toHaveLength(2);
  });

  it("marks each scoped key in the JWKS with the product and edition codes it may sign for, and the global key with none", async () => {
    const { product, edition } = await makeProduct(database.db, { editionCode: "enterprise" });
    await ensureSigningKeys(ctx(), { ring: secrets.ring, scope: editionScope(product.id, edition.id) });
    await ensureSigningKeys(ctx(), { ring: secrets.ring, scope: productScope(product.id) });
    const signer = createSigningService({ db: database.db, ring: secrets.ring });
    const [globalKid, productKid, editionKid] = await Promise.all(
      [[GLOBAL_SCOPE], [productScope(product.id)], [editionScope(product.id, edition.id)]].map(
        async (scopes) => (await signer.sign({ sub: "x" }, { scopes })).kid,
      ),
    );

    const published = await signer.publicKeys();
    const scopeOf = (kid: string) => published.find((jwk) => jwk.kid === kid)?.[SIGNING_KEY_SCOPE_MEMBER];

    expect(scopeOf(globalKid!)).toBeUndefined();
    expect(scopeOf(productKid!)).toEqual({ product: product.code });
    expect(scopeOf(editionKid!)).toEqual({ product: product.code, edition: "enterprise" });
    // Still a JWK Set every JOSE library reads (RFC 7517 §4: unknown members are ignored).
    const token = (await signer.sign({ sub: "x" }, { scopes: [editionScope(product.id, edition.id)] })).token;
    await expect(jwtVerify(token, createLocalJWKSet({ keys: published }))).resolves.toBeDefined();
  });

  it("signs tokens that jose and raw node:crypto verify with the JWKS alone, and rejects a tampered byte", async () => {
    const service = createSigningService({ db: database.db, ring: secrets.ring });
    const { token, kid } = await service.sign({ sub: "license-1", aud: "studio" }, { scopes: [GLOBAL_SCOPE] });
    const jwks = { keys: await service.publicKeys() };
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks), { audience: "studio" });
    expect([payload.sub, protectedHeader.kid, protectedHeader.typ]).toEqual(["license-1", kid, "JWT"]);
    const jwk = jwks.keys.find((key) => key.kid === kid)!;
    expect(verifyWithNodeCrypto(token, jwk)).toBe(true);
    const at = token.indexOf(".") + 5;
    const tampered = token.slice(0, at) + (token[at] === "A" ? "B" : "A") + token.slice(at + 1);
    expect(verifyWithNodeCrypto(tampered, jwk)).toBe(false);
    await expect(jwtVerify(tampered, createLocalJWKSet(jwks))).rejects.toThrow();
  });

  it.each(["ES256", "RS256"] as const)(
    "migrates a scope to %s while old EdDSA tokens keep verifying during retirement",
    async (algorithm) => {
      const scope = productScope((await makeProduct(database.db)).product.id);
      await ensureSigningKeys(ctx(), { ring: secrets.ring, scope });
      const service = createSigningService({ db: database.db, ring: secrets.ring, cacheTtlMs: 0 });
      const before = await service.sign({ sub: "old" }, { scopes: [scope] });
      await expect(rotateSigningKey(ctx(), { ring: secrets.ring, scope, algorithm })).rejects.toBeInstanceOf(
        PolicyViolation,
      );
      await generateSigningKey(ctx(), { ring: secrets.ring, scope, algorithm });
      await expect(rotateSigningKey(ctx(), { ring: secrets.ring, scope, algorithm })).rejects.toThrow(
        /has been public for 0 s/,
      );
      const later = { ...ctx(), now: () => new Date(Date.now() + (MIN_PUBLISHED_SECONDS + 1) * 1000) };
      await rotateSigningKey(later, { ring: secrets.ring, scope, algorithm, reason: "algorithm agility test" });
      const after = await service.sign({ sub: "new" }, { scopes: [scope] });
      expect(decodeProtectedHeader(after.token).alg).toBe(algorithm);
      const jwks = createLocalJWKSet({ keys: await service.publicKeys() });
      await expect(jwtVerify(before.token, jwks)).resolves.toBeTruthy();
      await expect(jwtVerify(after.token, jwks)).resolves.toBeTruthy();
      const jwk = (await service.publicKeys()).find((key) => key.kid === after.kid)!;
      expect(verifyWithNodeCrypto(after.token, jwk)).toBe(true);

      await retireSigningKey(ctx(), { kid: before.kid, reason: "all files re-issued" });
      const published = await service.publicKeys();
      expect(published.map((key) => key.kid)).not.toContain(before.kid);
    },
  );

  it("allows only the transitions in the table and audits each one", async () => {
    const [retired] = await database.db.select().from(t.signingKeys).where(eq(t.signingKeys.state, "retired"));
    const { activateSigningKey } = await import("./index");
    await expect(activateSigningKey(ctx(), { kid: retired!.kid })).rejects.toBeInstanceOf(Conflict);
    const events = await database.db
      .select()
      .from(t.auditEvents)
      .where(and(eq(t.auditEvents.subjectType, "signing_key"), eq(t.auditEvents.subjectId, retired!.kid)));
    expect(events.map((e) => e.action)).toEqual([
      "signing_key.generated",
      "signing_key.active",
      "signing_key.retiring",
      "signing_key.retired",
    ]);
  });

  it("re-wraps every private key and the Stripe signing secret under a new master key version and keeps signing", async () => {
    const stripeSecret = `whsec_${"r".repeat(32)}`;
    const { sealed } = sealSecret(secrets.ring, stripeSecret, STRIPE_WEBHOOK_SECRET_CONTEXT);
    await database.db.insert(t.stripeSettings).values({ webhookSecretCiphertext: sealed, updatedAt: new Date() });
    const next = parseMasterKeyRing(
      `v2:${randomBytes(32).toString("base64")},v1:${secrets.ring.byVersion.get(1)!.toString("base64")}`,
    );
    const counts = await rewrapMasterKey(ctx(), { ring: next });
    expect(counts.signingKeys).toBeGreaterThan(0);
    expect(counts.stripeWebhookSecrets).toBe(1);
    const versions = new Set(
      (await database.db.select({ v: t.signingKeys.masterKeyVersion }).from(t.signingKeys)).map((row) => row.v),
    );
    expect([...versions]).toEqual([2]);
    const onlyV2 = parseMasterKeyRing(`v2:${next.byVersion.get(2)!.toString("base64")}`);
    await verifyMasterKeyRing(database.db, onlyV2);
    const service = createSigningService({ db: database.db, ring: onlyV2 });
    await expect(service.sign({ sub: "after-rewrap" }, { scopes: [GLOBAL_SCOPE] })).resolves.toBeTruthy();
    expect(await findStripeWebhookSecrets(database.db, { ring: onlyV2 })).toEqual([stripeSecret]);
  });

  it("refuses to start with a wrong master key, saying so", async () => {
    const wrong = parseMasterKeyRing(`v2:${randomBytes(32).toString("base64")}`);
    await expect(verifyMasterKeyRing(database.db, wrong)).rejects.toThrow(MasterKeyError);
    await expect(verifyMasterKeyRing(database.db, wrong)).rejects.toThrow(
      /REKEY_MASTER_KEY version 2 does not open this secret/,
    );
    const missing = parseMasterKeyRing(`v9:${randomBytes(32).toString("base64")}`);
    await expect(verifyMasterKeyRing(database.db, missing)).rejects.toThrow(/does not contain/);
  });
});
