import { appServices } from "@/lib/config/server";
import { Unauthenticated } from "@/lib/errors";
import { handleJsonRoute } from "@/lib/http/json-route";
import { bearerCredential, parseQuery } from "@/lib/http/query";
import { findUpgrade } from "@/lib/releases";
import { upgradeQuerySchema } from "@/lib/validations/releases";
import { limitClientCall } from "../../limit-client-call";

export const dynamic = "force-dynamic";

/**
 * The update check (issue 19): the license key is the credential (`Authorization: Bearer <key>`,
 * never the query string, which proxies log). 204 when the running version is the newest the
 * license entitles; otherwise the release, its file for the platform, the file's signed digest
 * and a short-lived download link.
 */
export const GET = handleJsonRoute(
  async (request) => {
    const query = parseQuery(request, upgradeQuerySchema);
    const key = bearerCredential(request);
    if (!key) throw new Unauthenticated("Send the license key as `Authorization: Bearer <key>`.");
    await limitClientCall(request, key);
    const now = new Date();
    const upgrade = await findUpgrade(
      await appServices().db(),
      { key, query },
      { hasher: appServices().keySecrets().hasher, now },
    );
    if (!upgrade) return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
    const { release, artifact, link } = upgrade;
    return Response.json(
      {
        version: release.version,
        channel: release.channel,
        releasedAt: release.releasedAt.toISOString(),
        notes: release.notes,
        artifact: {
          id: artifact.id,
          platform: artifact.platform,
          arch: artifact.arch,
          fileName: artifact.fileName,
          size: artifact.sizeBytes,
          sha256: artifact.sha256,
          signature: artifact.signature,
          downloadUrl: appServices().publicUrl(`/api/v1/releases/download?token=${link.token}`),
          downloadExpiresAt: link.expiresAt.toISOString(),
        },
      },
      { headers: { "cache-control": "no-store" } },
    );
  },
  (error) => appServices().logger.error({ err: error }, "upgrade check failed"),
);
