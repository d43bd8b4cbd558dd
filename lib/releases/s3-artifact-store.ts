import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { Readable } from "node:stream";
import { assertStorageKey, type ArtifactStore } from "./artifact-store";
import { S3_PART_BYTES } from "./release-policy";

export interface S3ArtifactStoreConfig {
  /** The operator's S3-compatible endpoint (REKEY_ARTIFACTS_S3_ENDPOINT); absent, AWS's for the region. */
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * Artifacts in S3-compatible object storage, for several app processes sharing one store. The
 * endpoint is the operator's configuration, never a customer's URL, so like Resend's fixed API it
 * does not go through the SSRF guard (lib/net/no-unguarded-requests.test.ts). Uploads of unknown
 * length go up as a multipart upload in S3_PART_BYTES parts: at most two parts are in memory.
 */
export function createS3ArtifactStore(config: S3ArtifactStoreConfig): ArtifactStore {
  const client = new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: Boolean(config.endpoint),
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
  });
  const Bucket = config.bucket;

  return {
    async put(key, body) {
      assertStorageKey(key);
      const parts = partsOf(body);
      const first = await parts.next();
      const second = first.done ? first : await parts.next();
      if (second.done) {
        await client.send(new PutObjectCommand({ Bucket, Key: key, Body: first.done ? Buffer.alloc(0) : first.value }));
        return;
      }
      const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket, Key: key }));
      try {
        const uploaded: { ETag?: string; PartNumber: number }[] = [];
        const send = async (part: Buffer) => {
          const PartNumber = uploaded.length + 1;
          const { ETag } = await client.send(
            new UploadPartCommand({ Bucket, Key: key, UploadId, PartNumber, Body: part }),
          );
          uploaded.push({ ETag, PartNumber });
        };
        await send(first.value as Buffer);
        await send(second.value);
        for await (const part of parts) await send(part);
        await client.send(
          new CompleteMultipartUploadCommand({ Bucket, Key: key, UploadId, MultipartUpload: { Parts: uploaded } }),
        );
      } catch (error) {
        await client.send(new AbortMultipartUploadCommand({ Bucket, Key: key, UploadId })).catch(() => undefined);
        throw error;
      }
    },
    async read(key, range) {
      assertStorageKey(key);
      const { Body } = await client.send(
        new GetObjectCommand({ Bucket, Key: key, Range: range ? `bytes=${range.start}-${range.end}` : undefined }),
      );
      if (!(Body instanceof Readable)) throw new Error("The object store answered without a body stream.");
      return Body;
    },
    async remove(key) {
      assertStorageKey(key);
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
  };
}

/**
 * The stream cut into S3_PART_BYTES parts (the last one shorter), read as the upload asks for them.
 * The parts are copied into two buffers used in turn, so a 200 MB upload allocates 16 MB, not a
 * fresh 8 MB per part: freed part-sized blocks stay in the allocator's heap, and the app's resident
 * memory grew past issue 19's 1.2× with them. A part stays valid until two more have been asked for:
 * `put` holds the first two to choose between one PUT and a multipart upload, then sends one at a time.
 */
async function* partsOf(body: Readable): AsyncGenerator<Buffer> {
  const buffers: Buffer[] = [];
  let turn = 0;
  let filled = 0;
  let isEmpty = true;
  for await (const chunk of body) {
    let rest = chunk as Uint8Array;
    while (rest.length > 0) {
      // allocUnsafe: pages are only made resident as bytes are copied in, so a small file stays small.
      const part = (buffers[turn] ??= Buffer.allocUnsafe(S3_PART_BYTES));
      const copied = Math.min(rest.length, S3_PART_BYTES - filled);
      part.set(rest.subarray(0, copied), filled);
      filled += copied;
      rest = rest.subarray(copied);
      if (filled === S3_PART_BYTES) {
        yield part;
        isEmpty = false;
        turn = 1 - turn;
        filled = 0;
      }
    }
  }
  // An empty file is one empty object; otherwise no empty last part (S3 refuses it).
  if (filled > 0 || isEmpty) yield buffers[turn]?.subarray(0, filled) ?? Buffer.alloc(0);
}
