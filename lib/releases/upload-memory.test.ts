import { Readable } from "node:stream";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { makeProduct, makeSigner, testSecrets } from "@/testing/factories";
import { RELEASE_ISSUER, releaseAdmin, temporaryArtifactStore } from "@/testing/release-factories";
import { useTestDatabase } from "@/testing/test-database";
import { createReleaseSchema } from "@/lib/validations/releases";
import { createRelease, uploadArtifact } from "./index";

// `npm run test:full` (REKEY_TEST_FULL=true) uploads the promised 200 MB; `npm test` the same steps with 64 MB,
// still eight times the largest buffer the upload path keeps (an S3 part), so buffering it whole would show.
const isFullSize = process.env.REKEY_TEST_FULL === "true";
const UPLOAD_MB = isFullSize ? 200 : 64;
const MB = 1024 * 1024;
// What the upload keeps, not what the collector has yet to free: each megabyte copied into the
// stream is garbage once hashed and written, and a lazy collector would let it pile up past the limit
// in a test process a third the size of the app's. So the samples are taken after a collection.
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;
const SAMPLE_EVERY_MB = 8;

describe("uploading an artifact streams it", () => {
  const database = useTestDatabase();

  it(`keeps resident memory within 1.2× of before while ${UPLOAD_MB} MB go through the upload`, async () => {
    const db = database.db;
    const secrets = testSecrets();
    const { signer } = await makeSigner(db, secrets);
    const { product } = await makeProduct(db);
    const admin = await releaseAdmin(db);
    const release = await createRelease(
      admin,
      createReleaseSchema.parse({
        reason: "memory check",
        reasonCategory: "other",
        productId: product.id,
        version: "1.0.0",
      }),
    );
    // One megabyte reused for every chunk (its first bytes numbered so the digest sees distinct data): the body costs no memory itself.
    const chunk = Buffer.alloc(MB, 7);
    collectGarbage();
    const before = process.memoryUsage().rss;
    let peak = before;
    const body = Readable.from(
      (function* () {
        for (let index = 0; index < UPLOAD_MB; index++) {
          chunk.writeUInt32BE(index, 0);
          if (index % SAMPLE_EVERY_MB === 0) {
            collectGarbage();
            peak = Math.max(peak, process.memoryUsage().rss);
          }
          yield Buffer.from(chunk);
        }
      })(),
    );
    const artifact = await uploadArtifact(
      admin,
      { releaseId: release.id, platform: "linux", arch: "x64", fileName: "big.bin" },
      body,
      { store: temporaryArtifactStore(), signer, issuer: RELEASE_ISSUER },
    );
    collectGarbage();
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(artifact.sizeBytes).toBe(UPLOAD_MB * MB);
    expect(
      peak / before,
      `RSS went from ${Math.round(before / MB)} MB to ${Math.round(peak / MB)} MB`,
    ).toBeLessThanOrEqual(1.2);
  });
});
