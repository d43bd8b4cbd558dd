/**
 * The baseline of the validate-endpoint benchmark: the validate endpoint with no framework, the
 * least the same answer can cost. Per request it does the app's work: parse the JSON body, take
 * the keyed digest of the canonical key, run the indexed lookup (key → license → product and
 * edition, then the license's entitlements: the same two queries), decide the code and sign the
 * answer as an Ed25519 compact JWS. It caches nothing between requests except the private key,
 * as the app's signing service does. Its key is its own: signing costs the same with any key.
 *
 * Run as a child process by validate-endpoint.bench.ts (`BASELINE_PORT`, `DATABASE_URL`,
 * `REKEY_HMAC_SECRET`), so it never shares an event loop with the load generator. Raw SQL on
 * purpose: a bare postgres.js handler is what is measured, so no ORM sits in it.
 */
import { generateKeyPairSync, sign } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import postgres from "postgres";
import { createKeyedHasher } from "@/lib/crypto";
import { parseLicenseKey, VALIDATION_AUDIENCE } from "@/lib/licensing";

const { BASELINE_PORT, DATABASE_URL, REKEY_HMAC_SECRET } = process.env;
if (!BASELINE_PORT || !DATABASE_URL || !REKEY_HMAC_SECRET) throw new Error("BASELINE_PORT, DATABASE_URL and REKEY_HMAC_SECRET are required.");

const RESPONSE_TOKEN_SECONDS = 300;
// The app's pool size when it opens PostgreSQL (lib/db openDatabase).
const sql = postgres(DATABASE_URL, { max: 10, onnotice: () => {} });
const hasher = createKeyedHasher(REKEY_HMAC_SECRET);
const { privateKey } = generateKeyPairSync("ed25519");
const protectedHeader = base64url({ alg: "EdDSA", kid: "bench-baseline", typ: "JWT" });

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
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** The app's order of checks for a request without product or fingerprint. */
function validationCode(row: KeyRow, now: Date): string {
  if (row.keyState === "revoked" || row.status === "revoked") return "REVOKED";
  if (row.keyState === "retired" || (row.keyState === "retiring" && row.retiresAt !== null && row.retiresAt <= now)) return "KEY_RETIRED";
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
               l.starts_at as "startsAt", l.expires_at as "expiresAt", p.code as product, e.code as edition
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
        }
      : null,
    key: row ? { state: row.keyState } : null,
    meta: { nonce: typeof input.nonce === "string" ? input.nonce : null, ts: now.toISOString() },
  };
  const iat = Math.floor(now.getTime() / 1000);
  const signingInput = `${protectedHeader}.${base64url({ ...body, iss: `http://localhost:${BASELINE_PORT}/`, aud: VALIDATION_AUDIENCE, iat, exp: iat + RESPONSE_TOKEN_SECONDS })}`;
  const token = `${signingInput}.${sign(null, Buffer.from(signingInput), privateKey).toString("base64url")}`;
  return { ...body, token };
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
  if (request.method !== "POST" || request.url !== "/api/v1/licenses/validate") return respond(response, 404, { code: "NOT_FOUND" });
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
