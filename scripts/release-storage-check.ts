/**
 * Release downloads on S3-compatible storage, run by `npm test` after `npm run build` (or alone:
 * `npm run test:release-storage`), issue 19's acceptance beside e2e/releases.spec.ts (which walks
 * the journey in the browser on disk storage). One production app process (`npm start`) keeps its
 * artifacts in a local S3-compatible server (s3rver, started here: no Docker, no network), and the
 * same downloads go through its real HTTP paths: the vendor uploads a 5 MB build and publishes it
 * for an edition through the management API; the entitled license's update check offers it; a cut
 * download resumes with a range request, the joined bytes match the checksum and the signed digest
 * verifies with PyJWT against the JWKS; a license of another edition and a link past its time are
 * refused; a yanked release is no longer offered. Then a 200 MB upload, made up as it is sent,
 * must keep the app's resident memory within 1.2× of what it was before (read from
 * /proc/<pid>/status while the bytes stream through the app to the object store).
 *
 * TEST_DATABASE_URL names a PostgreSQL server to create a throwaway database on; without it a
 * throwaway cluster is started (scripts/pg-cluster.mjs). Needs a production build (`npm run build`).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { eq } from "drizzle-orm";
import { createApiToken } from "@/lib/api-tokens";
import type { Db } from "@/lib/db";
import * as t from "@/lib/db/schema";
import { issueLicenseKey, type KeySecrets } from "@/lib/licensing/license-key-secrets";
import { ensureSigningKeys } from "@/lib/signing";
import { makeOrg, makeProduct, makeUser, staffCtx, systemActor } from "@/testing/factories";
import { startLocalS3 } from "@/testing/local-s3";
import {
  downloadCutAndResumed,
  longExpiredMintTime,
  mintDownloadLink,
  releaseManagementApi,
  sha256Hex,
  verifyDigestWithPyJwt,
} from "@/testing/release-downloads";
import { findFreePort, startProductionServer } from "../bench/server-processes";
import { openCheckDatabase, PROJECT_DIR, productionEnv, productionSecrets, runCheck, runSteps } from "./process-check";

const MB = 1024 * 1024;
const BUILD_BYTES = 5 * MB;
/** The issue's figure; REKEY_RELEASE_UPLOAD_MB makes it smaller for a quick local run. */
const LARGE_UPLOAD_MB = Number(process.env.REKEY_RELEASE_UPLOAD_MB ?? 200);
const MAX_RSS_GROWTH = 1.2;
const RSS_SAMPLE_MS = 50;

async function main() {
  const started: {
    database?: Awaited<ReturnType<typeof openCheckDatabase>>;
    s3?: Awaited<ReturnType<typeof startLocalS3>>;
    app?: Awaited<ReturnType<typeof startProductionServer>>;
  } = {};
  try {
    const { databaseUrl, db } = (started.database = await openCheckDatabase("rekey_release_storage", {
      maxConnections: 2,
    }));
    const { env: secretsEnv, secrets } = productionSecrets();
    const s3 = (started.s3 = await startLocalS3());
    const fixture = await prepareCatalogue(db, secrets);
    const port = await findFreePort();
    const publicUrl = `http://localhost:${port}`;
    const app = (started.app = await startProductionServer({
      projectDir: PROJECT_DIR,
      port,
      healthPath: "/api/health",
      env: productionEnv(databaseUrl, secretsEnv, { REKEY_PUBLIC_URL: publicUrl, ...s3.env }),
    }));
    const api = releaseManagementApi(publicUrl, fixture.apiToken);
    const hmacSecret = secretsEnv.REKEY_HMAC_SECRET!;
    const build = Buffer.alloc(BUILD_BYTES);
    for (let offset = 0; offset < BUILD_BYTES; offset += 4) build.writeUInt32BE(offset, offset);
    const sha256 = sha256Hex(build);
    const upgradeCheck = (key: string, version: string) =>
      fetch(
        `${publicUrl}/api/v1/releases/upgrade?${new URLSearchParams({ product: fixture.productCode, version, platform: "linux", arch: "x64" })}`,
        { headers: { authorization: `Bearer ${key}` } },
      );
    const state: { releaseId?: string; artifactId?: string; downloadUrl?: string; signature?: string } = {};

    return await runSteps([
      {
        name: "the vendor uploads a 5 MB build through the management API; it lands in the object store and is published for the Pro edition",
        run: async () => {
          const release = await api.draft({
            productId: fixture.productId,
            version: "2.0.0",
            requiredEditionId: fixture.proEditionId,
          });
          const artifact = await api.upload(
            release.id,
            { platform: "linux", arch: "x64", fileName: "relay-2.0.0-linux-x64.tar.gz" },
            build,
          );
          assert.deepEqual([artifact.sizeBytes, artifact.sha256], [BUILD_BYTES, sha256]);
          const [stored] = await db
            .select({ storageKey: t.releaseArtifacts.storageKey })
            .from(t.releaseArtifacts)
            .where(eq(t.releaseArtifacts.id, artifact.id));
          assert.equal(sha256Hex(await buffer(await s3.store.read(stored!.storageKey))), sha256, "the bytes in S3");
          await api.publish(release.id);
          Object.assign(state, { releaseId: release.id, artifactId: artifact.id });
        },
      },
      {
        name: "the Pro license's update check offers it, and a cut download resumes from S3 with a range request to the same checksum",
        run: async () => {
          const offered = await upgradeCheck(fixture.proKey, "1.0.0");
          const answer = await offered.text();
          assert.equal(offered.status, 200, answer);
          const { version, artifact } = JSON.parse(answer) as {
            version: string;
            artifact: { id: string; sha256: string; downloadUrl: string; signature: string };
          };
          assert.deepEqual([version, artifact.id, artifact.sha256], ["2.0.0", state.artifactId, sha256]);
          assert.ok(artifact.downloadUrl.startsWith(`${publicUrl}/api/v1/releases/download?token=`));
          Object.assign(state, { downloadUrl: artifact.downloadUrl, signature: artifact.signature });
          const joined = await downloadCutAndResumed(artifact.downloadUrl, { cutAfterBytes: 2 * MB });
          assert.equal(sha256Hex(joined), sha256);
        },
      },
      {
        name: "the signed digest verifies with PyJWT against the JWKS and names the file's SHA-256",
        run: async () => {
          const claims = await verifyDigestWithPyJwt({
            signature: state.signature!,
            jwksUrl: `${publicUrl}/.well-known/jwks.json`,
            product: fixture.productCode,
          });
          assert.deepEqual([claims.sha256, claims.size, claims.sub], [sha256, BUILD_BYTES, state.artifactId]);
        },
      },
      {
        name: "a Basic license is offered nothing and a link made for it is refused; a link past its time is refused",
        run: async () => {
          assert.equal((await upgradeCheck(fixture.basicKey, "1.0.0")).status, 204);
          const grant = { artifactId: state.artifactId!, licenseId: fixture.basicLicenseId };
          assert.equal((await fetch(mintDownloadLink(publicUrl, hmacSecret, grant))).status, 404);
          const expired = await fetch(
            mintDownloadLink(
              publicUrl,
              hmacSecret,
              { artifactId: state.artifactId!, licenseId: fixture.proLicenseId },
              longExpiredMintTime(),
            ),
          );
          assert.equal(expired.status, 410);
          assert.equal(((await expired.json()) as { code: string }).code, "LINK_EXPIRED");
        },
      },
      {
        name: "a yanked release is no longer offered, and its link stops working",
        run: async () => {
          await api.yank(state.releaseId!);
          assert.equal((await upgradeCheck(fixture.proKey, "1.0.0")).status, 204);
          assert.equal((await fetch(state.downloadUrl!)).status, 404);
        },
      },
      {
        name: `a ${LARGE_UPLOAD_MB} MB upload keeps the app's resident memory within ${MAX_RSS_GROWTH}× of before`,
        run: () => assertLargeUploadStreams(api, fixture.productId, app.pid),
      },
    ]);
  } finally {
    await started.app?.stop();
    await started.s3?.stop();
    await started.database?.close();
  }
}

/**
 * Streams LARGE_UPLOAD_MB made up as they are sent (one megabyte reused, numbered so the digest sees
 * distinct data) through the upload route to the object store, reading the app's RSS meanwhile.
 * "Before" is taken once the route has served an upload, so what is compared is the upload itself.
 */
async function assertLargeUploadStreams(api: ReturnType<typeof releaseManagementApi>, productId: string, pid: number) {
  const release = await api.draft({ productId, version: "3.0.0" });
  const before = residentBytes(pid);
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, residentBytes(pid));
  }, RSS_SAMPLE_MS);
  try {
    const chunk = Buffer.alloc(MB, 7);
    const body = Readable.from(
      (function* () {
        for (let index = 0; index < LARGE_UPLOAD_MB; index++) {
          chunk.writeUInt32BE(index, 0);
          yield Buffer.from(chunk);
        }
      })(),
    );
    const artifact = await api.upload(release.id, { platform: "linux", arch: "x64", fileName: "big.bin" }, body);
    assert.equal(artifact.sizeBytes, LARGE_UPLOAD_MB * MB);
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, residentBytes(pid));
  console.log(`  app RSS ${Math.round(before / MB)} MB before, ${Math.round(peak / MB)} MB at most during the upload`);
  assert.ok(
    peak / before <= MAX_RSS_GROWTH,
    `RSS went from ${Math.round(before / MB)} MB to ${Math.round(peak / MB)} MB`,
  );
}

/** The process's resident set (VmRSS, in kB in /proc/<pid>/status), in bytes. */
function residentBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB$/m);
  if (!line) throw new Error(`no VmRSS for process ${pid}`);
  return Number(line[1]) * 1024;
}

/**
 * A product with a Pro and a Basic edition, a license with an active key on each (two
 * organizations), and a management API token an admin made.
 */
async function prepareCatalogue(db: Db, secrets: KeySecrets) {
  const now = () => new Date();
  await ensureSigningKeys({ db, now, actor: systemActor }, { ring: secrets.ring });
  const { product, edition: proEdition } = await makeProduct(db, { editionCode: "pro" });
  const [basicEdition] = await db
    .insert(t.editions)
    .values({ productId: product.id, code: "basic", name: "Basic" })
    .returning();
  const licenseWithKey = async (editionId: string) => {
    const { org } = await makeOrg(db);
    const [license] = await db
      .insert(t.licenses)
      .values({
        orgId: org.id,
        productId: product.id,
        editionId,
        seats: 2,
        startsAt: new Date(Date.now() - 86_400_000),
        expiresAt: new Date(Date.now() + 365 * 86_400_000),
      })
      .returning();
    const { plaintext } = await db.transaction((tx) =>
      issueLicenseKey(
        tx,
        { db, now, actor: systemActor },
        { licenseId: license!.id, orgId: org.id, state: "active", secrets },
      ),
    );
    return { licenseId: license!.id, key: plaintext };
  };
  const pro = await licenseWithKey(proEdition.id);
  const basic = await licenseWithKey(basicEdition!.id);
  const admin = await makeUser(db, { staffRole: "admin" });
  const { value } = await createApiToken(
    staffCtx(db, admin, "admin", now),
    {
      name: "release storage check",
      scope: "full",
      expiresOn: null,
      reason: "release storage check",
      reasonCategory: "other",
    },
    { hasher: secrets.hasher },
  );
  return {
    productId: product.id,
    productCode: product.code,
    proEditionId: proEdition.id,
    proLicenseId: pro.licenseId,
    proKey: pro.key,
    basicLicenseId: basic.licenseId,
    basicKey: basic.key,
    apiToken: value.reveal(),
  };
}

await runCheck("release-storage", main);
