/**
 * A local S3-compatible server for a test (s3rver, in a temporary directory, on a free port), and
 * the artifact store pointed at it: object storage tested without Docker or the network.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import S3rver from "s3rver";
import { createS3ArtifactStore, type S3ArtifactStoreConfig } from "@/lib/releases";

const BUCKET = "rekey-artifacts";

export async function startLocalS3() {
  const directory = mkdtempSync(path.join(tmpdir(), "rekey-s3-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: BUCKET }],
  });
  const { port } = await server.run();
  const config: S3ArtifactStoreConfig = {
    endpoint: `http://127.0.0.1:${port}`,
    region: "us-east-1",
    bucket: BUCKET,
    // s3rver's fixed development credentials.
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
  };
  return {
    store: createS3ArtifactStore(config),
    /** The same storage as an app process is pointed at it (README, REKEY_ARTIFACTS_S3_*). */
    env: {
      REKEY_ARTIFACTS_S3_ENDPOINT: config.endpoint!,
      REKEY_ARTIFACTS_S3_REGION: config.region,
      REKEY_ARTIFACTS_S3_BUCKET: config.bucket,
      REKEY_ARTIFACTS_S3_ACCESS_KEY_ID: config.accessKeyId,
      REKEY_ARTIFACTS_S3_SECRET_ACCESS_KEY: config.secretAccessKey,
    },
    async stop() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
