import { Readable } from "node:stream";
import { z } from "zod";
import { appServices } from "@/lib/config/server";
import { handleJsonRoute } from "@/lib/http/json-route";
import { parseQuery } from "@/lib/http/query";
import { problemResponse } from "@/lib/http/problem";
import { openArtifactDownload } from "@/lib/releases";

export const dynamic = "force-dynamic";

const downloadQuerySchema = z.object({
  token: z.string({ error: "Send the download link's token." }).min(1, "Send the download link's token.").max(1000),
});

/**
 * A short-lived signed download link (lib/releases/download-link.ts): the token is the credential.
 * Streams the file, resumable with Range / If-Range (RFC 9110 §14: 206 with Content-Range, 416
 * with `bytes *\/size`), strong ETag = the SHA-256 the signed digest names.
 */
export const GET = handleJsonRoute(
  async (request) => {
    const { token } = parseQuery(request, downloadQuerySchema);
    const download = await openArtifactDownload(
      await appServices().db(),
      { token, range: request.headers.get("range"), ifRange: request.headers.get("if-range") },
      { hasher: appServices().keySecrets().hasher, store: appServices().artifactStore(), now: new Date() },
    );
    if (download.kind === "unsatisfiable")
      return problemResponse(
        {
          title: "Range not satisfiable",
          status: 416,
          code: "RANGE_NOT_SATISFIABLE",
          detail: "The range starts past the end of the file.",
        },
        { "content-range": `bytes */${download.sizeBytes}` },
      );
    const headers: Record<string, string> = {
      "content-type": "application/octet-stream",
      "content-length": String(download.end - download.start + 1),
      "content-disposition": `attachment; filename="${download.fileName}"`,
      "accept-ranges": "bytes",
      etag: download.etag,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    };
    if (download.isPartial) headers["content-range"] = `bytes ${download.start}-${download.end}/${download.sizeBytes}`;
    return new Response(Readable.toWeb(download.body) as ReadableStream<Uint8Array>, {
      status: download.isPartial ? 206 : 200,
      headers,
    });
  },
  (error) => appServices().logger.error({ err: error }, "artifact download failed"),
);
