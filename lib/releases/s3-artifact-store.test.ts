import { createHash, randomBytes, randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalS3 } from "@/testing/local-s3";
import type { ArtifactStore } from "./artifact-store";
import { S3_PART_BYTES } from "./release-policy";

const keyOf = () => `releases/${randomUUID()}/${randomUUID()}`;

/** Bytes in small chunks, as a request body arrives: the store must not need them all at once. */
const chunked = (bytes: Buffer, chunkSize = 64 * 1024) =>
  Readable.from(
    (function* () {
      for (let offset = 0; offset < bytes.length; offset += chunkSize) yield bytes.subarray(offset, offset + chunkSize);
    })(),
  );

describe("S3-compatible artifact storage (against s3rver)", () => {
  let local: Awaited<ReturnType<typeof startLocalS3>>;
  let store: ArtifactStore;
  beforeAll(async () => {
    local = await startLocalS3();
    store = local.store;
  });
  afterAll(async () => {
    await local?.stop();
  });

  it("stores a file larger than a part as a multipart upload and reads it back whole", async () => {
    const bytes = randomBytes(2 * S3_PART_BYTES + 12_345);
    const key = keyOf();
    await store.put(key, chunked(bytes));
    const read = await buffer(await store.read(key));
    expect(createHash("sha256").update(read).digest("hex")).toBe(createHash("sha256").update(bytes).digest("hex"));
    // Generous: 16 MB through a local HTTP server is seconds on an idle machine, far more on a shared one.
  }, 180_000);

  it("reads a byte range, for resumed downloads", async () => {
    const bytes = randomBytes(100_000);
    const key = keyOf();
    await store.put(key, chunked(bytes));
    expect(await buffer(await store.read(key, { start: 40_000, end: 99_999 }))).toEqual(bytes.subarray(40_000));
  });

  it("stores an empty file and a file of exactly one part", async () => {
    for (const bytes of [Buffer.alloc(0), randomBytes(S3_PART_BYTES)]) {
      const key = keyOf();
      await store.put(key, chunked(bytes));
      expect((await buffer(await store.read(key))).length).toBe(bytes.length);
    }
  });

  it("removes a file, and refuses keys it did not make", async () => {
    const key = keyOf();
    await store.put(key, chunked(Buffer.from("gone soon")));
    await store.remove(key);
    await expect(store.read(key)).rejects.toThrow();
    await expect(store.read("../../etc/passwd")).rejects.toThrow(/Not an artifact storage key/);
  });
});
