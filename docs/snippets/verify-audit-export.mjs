#!/usr/bin/env node
/**
 * Verifies a Rekey audit export offline, with nothing but Node.js (18+) and the vendor's JWKS:
 *
 *   curl -o jwks.json https://<portal>/.well-known/jwks.json
 *   node verify-audit-export.mjs rekey-audit-export.json jwks.json
 *
 * Checks, for the organisation's events in the export:
 *   - every event's hash is sha256 of the canonical JSON of the event (keys sorted, no spaces);
 *   - the organisation's chain, head = sha256(previous head || event hash) from 64 zeros, reaches
 *     exactly the head that each checkpoint signed, after exactly the number of events it signed;
 *   - every checkpoint's signature (compact JWS, RFC 7515) verifies with a key of the JWKS
 *     (one signed by a key the JWKS no longer lists is skipped: later ones cover the same events);
 *   - a checkpoint signed with a key of the JWKS covers the last event.
 * An event changed, added or removed, or a checkpoint forged, fails with what is wrong. Keep your
 * exports: a later export must reproduce every checkpoint of an earlier one (pass it with --previous).
 * Exit status 0 when the export verifies, 1 otherwise.
 */
import { createHash, createPublicKey, verify } from "node:crypto";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const GENESIS = "0".repeat(64);
const sha256 = (...parts) => parts.reduce((hash, part) => hash.update(part), createHash("sha256")).digest("hex");

function canonicalJson(value) {
  const sortKeys = (v) =>
    Array.isArray(v)
      ? v.map(sortKeys)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((key) => [key, sortKeys(v[key])]),
          )
        : v;
  return JSON.stringify(sortKeys(value));
}

/** The payload of a compact JWS whose signature a JWKS key verifies, or the reason it does not. */
function verifyCompactJws(token, jwks) {
  const [header64, payload64, signature64] = String(token).split(".");
  if (!header64 || !payload64 || !signature64) return { problem: "is not a compact JWS" };
  const header = JSON.parse(Buffer.from(header64, "base64url").toString("utf8"));
  const jwk = jwks.keys.find((key) => key.kid === header.kid);
  if (!jwk) return { unlistedKid: header.kid };
  const data = Buffer.from(`${header64}.${payload64}`, "ascii");
  const signature = Buffer.from(signature64, "base64url");
  const key = createPublicKey({ key: jwk, format: "jwk" });
  const isValid =
    header.alg === "EdDSA"
      ? verify(null, data, key, signature)
      : header.alg === "ES256"
        ? verify("sha256", data, { key, dsaEncoding: "ieee-p1363" }, signature)
        : header.alg === "RS256" && verify("sha256", data, key, signature);
  if (!isValid) return { problem: "signature does not verify" };
  return { payload: JSON.parse(Buffer.from(payload64, "base64url").toString("utf8")) };
}

/** Returns every problem found (none: the export verifies) and what was covered. */
export function verifyAuditExport(auditExport, jwks, { previous } = {}) {
  const problems = [];
  if (auditExport.format !== "rekey.audit-export/1")
    return { problems: [`unknown export format ${auditExport.format}`] };
  const org = auditExport.organization;
  const chain = [];
  let head = GENESIS;
  let lastId = 0;
  for (const { id, hash, event } of auditExport.events) {
    if (!(id > lastId)) problems.push(`event ${id}: out of order after event ${lastId}`);
    if (event.orgId !== org) problems.push(`event ${id}: belongs to organization ${event.orgId}, not ${org}`);
    if (sha256(canonicalJson(event)) !== hash)
      problems.push(`event ${id}: content does not match its hash (changed after it was recorded)`);
    head = sha256(head, hash);
    chain.push({ id, head });
    lastId = id;
  }
  const byEventId = new Map(chain.map((link, index) => [link.id, { ...link, count: index + 1 }]));
  const checkpoints = [...auditExport.checkpoints, ...(previous?.checkpoints ?? [])];
  let coveredUpTo = 0;
  const unlistedKids = new Set();
  const checkCheckpoint = (token, index) => {
    const label =
      index < auditExport.checkpoints.length
        ? `checkpoint ${index + 1}`
        : `checkpoint ${index + 1 - auditExport.checkpoints.length} of the previous export`;
    const { payload, problem, unlistedKid } = verifyCompactJws(token, jwks);
    if (problem) return `${label} ${problem}`;
    // Signed by a key since retired from the JWKS: it proves nothing here, and needs not, because
    // every later checkpoint commits to the whole chain before it.
    if (unlistedKid) {
      unlistedKids.add(unlistedKid);
      return null;
    }
    if (payload.purpose !== "rekey.audit-checkpoint" || payload.org !== org)
      return `${label} is not a checkpoint of organization ${org}`;
    const link = byEventId.get(payload.through);
    if (!link) {
      return payload.through > lastId
        ? `${label} covers up to event ${payload.through} but the export ends at event ${lastId}: events were removed`
        : `event ${payload.through}, covered by ${label}, is missing`;
    }
    if (link.count !== payload.count || link.head !== payload.head) {
      return `${label} (through event ${payload.through}, ${payload.count} events) does not match: events up to it were changed, added or removed`;
    }
    coveredUpTo = Math.max(coveredUpTo, payload.through);
    return null;
  };
  for (const [index, token] of checkpoints.entries()) {
    const problem = checkCheckpoint(token, index);
    if (problem) problems.push(problem);
  }
  if (coveredUpTo < lastId && problems.length === 0) {
    const unlisted =
      unlistedKids.size > 0
        ? ` (checkpoints signed by ${[...unlistedKids].join(", ")}, which the JWKS does not list, were not checked)`
        : "";
    problems.push(
      `events after ${coveredUpTo} are not covered by a checkpoint signed with a key of the JWKS${unlisted}`,
    );
  }
  return { problems, events: chain.length, coveredUpTo, unlistedKids: [...unlistedKids] };
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const [exportPath, jwksPath, ...rest] = process.argv.slice(2);
  const previousPath = rest[0] === "--previous" ? rest[1] : undefined;
  if (!exportPath || !jwksPath) {
    console.error("usage: node verify-audit-export.mjs <export.json> <jwks.json> [--previous <older-export.json>]");
    process.exit(2);
  }
  const readJson = (file) => JSON.parse(readFileSync(file, "utf8"));
  const result = verifyAuditExport(readJson(exportPath), readJson(jwksPath), {
    previous: previousPath ? readJson(previousPath) : undefined,
  });
  if (result.problems.length === 0) {
    console.log(
      `OK: ${result.events} events verified, covered by signed checkpoints up to event ${result.coveredUpTo}.`,
    );
  } else {
    console.error(`FAILED:\n${result.problems.map((problem) => `  - ${problem}`).join("\n")}`);
    process.exit(1);
  }
}
