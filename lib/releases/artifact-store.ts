import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

/**
 * Where artifact bytes live (issue 19): one small interface, a directory on disk by default and
 * S3-compatible object storage for several processes (s3-artifact-store.ts). Bodies are streams
 * both ways, so no artifact is ever held whole in memory.
 */
export interface ArtifactStore {
  /** Stores the stream under `key`; resolves once it is all written, and keeps nothing of a failed write. */
  put(key: string, body: Readable): Promise<void>;
  /** The bytes from `start` to `end` inclusive (RFC 9110 §14.1.2), or all of them. */
  read(key: string, range?: { start: number; end: number }): Promise<Readable>;
  remove(key: string): Promise<void>;
}

/** Keys are made by uploadArtifact (`releases/<uuid>/<uuid>`); anything else never reaches the file system. */
const STORAGE_KEY = /^releases\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/;

export function assertStorageKey(key: string): void {
  if (!STORAGE_KEY.test(key)) throw new Error(`Not an artifact storage key: ${JSON.stringify(key)}`);
}

export function createDiskArtifactStore(directory: string): ArtifactStore {
  const fileOf = (key: string) => {
    assertStorageKey(key);
    return path.join(directory, key);
  };
  return {
    async put(key, body) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      // Written beside its place and renamed in, so a reader never sees half a file.
      const partial = `${file}.partial`;
      try {
        await pipeline(body, createWriteStream(partial, { flags: "wx" }));
        await rename(partial, file);
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
    },
    async read(key, range) {
      return createReadStream(fileOf(key), range ? { start: range.start, end: range.end } : {});
    },
    async remove(key) {
      await rm(fileOf(key), { force: true });
    },
  };
}
