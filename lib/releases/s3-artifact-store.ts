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
 * length go up as a multipart upload in S3_PART_BYTES parts: at most one part is in memory.
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

/** The stream cut into S3_PART_BYTES parts (the last one shorter), read as the upload asks for them. */
async function* partsOf(body: Readable): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let isEmpty = true;
  for await (const chunk of body) {
    let rest = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    while (pendingBytes + rest.length >= S3_PART_BYTES) {
      const take = S3_PART_BYTES - pendingBytes;
      yield Buffer.concat([...pending, rest.subarray(0, take)]);
      isEmpty = false;
      rest = rest.subarray(take);
      pending = [];
      pendingBytes = 0;
    }
    if (rest.length > 0) {
      pending.push(rest);
      pendingBytes += rest.length;
    }
  }
  // An empty file is one empty object; otherwise no empty last part (S3 refuses it).
  if (pendingBytes > 0 || isEmpty) yield Buffer.concat(pending);
}
