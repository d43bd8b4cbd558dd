/**
 * The baselines of the HTTP benchmarks. Validate endpoint: the validate endpoint with no framework, the
 * least the same answer can cost. Per request it does the app's work: parse the JSON body, take
 * the keyed digest of the canonical key, run the indexed lookup (key → license → product and
 * edition, then the license's entitlements: the same two queries), decide the code and sign the
 * answer as an Ed25519 compact JWS. It caches nothing between requests except the private key,
 * as the app's signing service does. Its key is its own: signing costs the same with any key.
 *
 * Feed endpoints (feed-endpoints.bench.ts): the JWKS as bytes prepared once, and a revocation
 * page as one indexed range query plus its Ed25519 JWS.
 *
 * Run as a child process by the benchmarks (`BASELINE_PORT`, `DATABASE_URL`,
 * `REKEY_HMAC_SECRET`), so it never shares an event loop with the load generator. Raw SQL on
 * purpose: a bare postgres.js handler is what is measured, so no ORM sits in it.
 */
import { createHash, createPublicKey, generateKeyPairSync, sign } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import postgres from "postgres";
import { createKeyedHasher } from "@/lib/crypto";
import { parseLicenseKey, VALIDATION_AUDIENCE } from "@/lib/licensing";

const { BASELINE_PORT, DATABASE_URL, REKEY_HMAC_SECRET } = process.env;
if (!BASELINE_PORT || !DATABASE_URL || !REKEY_HMAC_SECRET)
  throw new Error("BASELINE_PORT, DATABASE_URL and REKEY_HMAC_SECRET are required.");

const RESPONSE_TOKEN_SECONDS = 300;
// The app's pool size when it opens PostgreSQL (lib/db openDatabase).
const sql = postgres(DATABASE_URL, { max: 10, onnotice: () => {} });
const hasher = createKeyedHasher(REKEY_HMAC_SECRET);
const { privateKey } = generateKeyPairSync("ed25519");
const protectedHeader = base64url({ alg: "EdDSA", kid: "bench-baseline", typ: "JWT" });
// Active and pending, like the app's JWKS.
const jwksBody = JSON.stringify({
  keys: [privateKey, generateKeyPairSync("ed25519").privateKey].map((key, index) => ({
    ...createPublicKey(key).export({ format: "jwk" }),
    kid: `bench-baseline-${index}`,
    alg: "EdDSA",
    use: "sig",
  })),
});
const jwksEtag = `"${createHash("sha256").update(jwksBody).digest("base64url")}"`;
const REVOCATIONS_PAGE_SIZE = 500;

interface KeyRow {
  keyState: "pending" | "active" | "retiring" | "retired" | "revoked";
  retiresAt: Date | null;
  licenseId: string;
  status: "active" | "suspended" | "expired" | "revoked";
  seats: number;
  startsAt: Date;
  expiresAt: Date | null;
  product: string;
  edition: string;
  seatModel: string;
  overageStrategy: string;
  expiryStrategy: string;
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** The app's order of checks for a request without product or fingerprint. */
function validationCode(row: KeyRow, now: Date): string {
  if (row.keyState === "revoked" || row.status === "revoked") return "REVOKED";
  if (row.keyState === "retired" || (row.keyState === "retiring" && row.retiresAt !== null && row.retiresAt <= now))
    return "KEY_RETIRED";
  if (row.status === "suspended") return "SUSPENDED";
  if (row.status === "expired" || (row.expiresAt && row.expiresAt <= now)) return "EXPIRED";
  if (row.startsAt > now) return "NOT_YET_VALID";
  return row.keyState === "retiring" ? "VALID_ROTATING" : "VALID";
}

async function validate(input: { key?: unknown; nonce?: unknown }) {
  const now = new Date();
  const parsed = typeof input.key === "string" ? parseLicenseKey(input.key) : null;
  const [row] = parsed?.ok
    ? await sql<KeyRow[]>`
        select k.state as "keyState", k.retires_at as "retiresAt", l.id as "licenseId", l.status, l.seats,
               l.starts_at as "startsAt", l.expires_at as "expiresAt", p.code as product, e.code as edition,
               e.seat_model as "seatModel", e.overage_strategy as "overageStrategy", e.expiry_strategy as "expiryStrategy"
        from license_keys k
        join licenses l on l.id = k.license_id
        join products p on p.id = l.product_id
        join editions e on e.id = l.edition_id
        where k.digest = ${hasher.digest("license-key", parsed.canonical)}`
    : [];
  const entitlements = row
    ? await sql<{ code: string }[]>`
        select f.code from license_entitlements le join features f on f.id = le.feature_id where le.license_id = ${row.licenseId}`
    : [];
  const code = row ? validationCode(row, now) : "UNKNOWN_KEY";
  const body = {
    valid: code === "VALID" || code === "VALID_ROTATING",
    code,
    detail: code === "VALID" ? "The license is valid." : `Validation answered ${code}.`,
    license: row
      ? {
          id: row.licenseId,
          product: row.product,
          edition: row.edition,
          status: row.status,
          expiresAt: row.expiresAt?.toISOString() ?? null,
          seats: row.seats,
          entitlements: entitlements.map((entitlement) => entitlement.code).sort(),
          // The edition's licensing model, as the app names it (issue 18).
          seatModel: row.seatModel,
          overageStrategy: row.overageStrategy,
          expiryStrategy: row.expiryStrategy,
        }
      : null,
    key: row ? { state: row.keyState } : null,
    meta: { nonce: typeof input.nonce === "string" ? input.nonce : null, ts: now.toISOString() },
  };
  const iat = Math.floor(now.getTime() / 1000);
  return {
    ...body,
    token: compactJws({
      ...body,
      iss: `http://localhost:${BASELINE_PORT}/`,
      aud: VALIDATION_AUDIENCE,
      iat,
      exp: iat + RESPONSE_TOKEN_SECONDS,
    }),
  };
}

function compactJws(claims: unknown): string {
  const signingInput = `${protectedHeader}.${base64url(claims)}`;
  return `${signingInput}.${sign(null, Buffer.from(signingInput), privateKey).toString("base64url")}`;
}

interface RevocationRow {
  seq: string;
  kind: string;
  subject: string;
  licenseId: string | null;
  reason: string;
  revokedAt: Date;
}

async function revocationPage(since: number) {
  const rows = await sql<RevocationRow[]>`
    select seq, kind, subject_id as subject, license_id as "licenseId", reason_code as reason, revoked_at as "revokedAt"
    from revocations where seq > ${since} order by seq limit ${REVOCATIONS_PAGE_SIZE + 1}`;
  const items = rows
    .slice(0, REVOCATIONS_PAGE_SIZE)
    .map((row) => ({ ...row, seq: Number(row.seq), revokedAt: row.revokedAt.toISOString() }));
  const page = { since, next: items.at(-1)?.seq ?? since, hasMore: rows.length > REVOCATIONS_PAGE_SIZE, items };
  return {
    ...page,
    token: compactJws({
      ...page,
      iss: `http://localhost:${BASELINE_PORT}/`,
      aud: "rekey:revocations",
      iat: Math.floor(Date.now() / 1000),
    }),
  };
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
}

function respond(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  response.end(JSON.stringify(body));
}

const server = createServer(async (request, response) => {
  const url = new URL(request.url ?? "/", "http://localhost");
  if (request.method === "GET" && url.pathname === "/.well-known/jwks.json") {
    response.writeHead(200, {
      "content-type": "application/jwk-set+json",
      "cache-control": "public, max-age=300",
      etag: jwksEtag,
    });
    return response.end(jwksBody);
  }
  if (request.method === "GET" && url.pathname === "/api/v1/revocations") {
    try {
      return respond(response, 200, await revocationPage(Number(url.searchParams.get("since") ?? 0)));
    } catch {
      return respond(response, 500, { code: "INTERNAL" });
    }
  }
  if (request.method !== "POST" || url.pathname !== "/api/v1/licenses/validate")
    return respond(response, 404, { code: "NOT_FOUND" });
  let input: Record<string, unknown>;
  try {
    input = await readJson(request);
  } catch {
    return respond(response, 400, { code: "INVALID_INPUT" });
  }
  try {
    respond(response, 200, await validate(input));
  } catch {
    respond(response, 500, { code: "INTERNAL" });
  }
});

server.listen(Number(BASELINE_PORT), "localhost", () => process.send?.("listening"));

process.once("SIGTERM", () => {
  server.close();
  void sql.end({ timeout: 1 }).then(() => process.exit(0));
});
