import { Readable } from "node:stream";
import { authenticateApiToken, recordApiTokenUse, requireApiScope } from "@/lib/api-tokens";
import { requireStaffContext } from "@/lib/auth/session";
import { appServices } from "@/lib/config/server";
import type { StaffCtx } from "@/lib/context";
import { InvalidInput, Unauthenticated } from "@/lib/errors";
import { handleJsonRoute } from "@/lib/http/json-route";
import { parseQuery } from "@/lib/http/query";
import { uploadArtifact } from "@/lib/releases";
import { artifactUploadSchema } from "@/lib/validations/releases";

export const dynamic = "force-dynamic";

/**
 * Who uploads: the vendor's systems with a `catalogue:write` API token, or an admin from the
 * admin view (session, second factor verified). The browser's upload is a same-origin PUT: a
 * cross-site page cannot send one without a CORS preflight this route never grants, and
 * Sec-Fetch-Site is checked too. Uploads live under /api/v1 because the proxy (proxy.ts) does not
 * run here, so nothing buffers the body before it streams to the store.
 */
async function uploaderOf(request: Request, now: Date): Promise<{ ctx: StaffCtx; tokenId: string | null }> {
  const db = await appServices().db();
  if (request.headers.has("authorization")) {
    const token = await authenticateApiToken(db, appServices().keySecrets().hasher, {
      authorization: request.headers.get("authorization"),
      now,
    });
    requireApiScope(token, "catalogue:write");
    return { ctx: { db, now: () => now, actor: token.actor }, tokenId: token.id };
  }
  if (request.headers.get("sec-fetch-site") !== "same-origin")
    throw new Unauthenticated("Send a management API token as `Authorization: Bearer <token>`.");
  return { ctx: await requireStaffContext({ role: "admin", isWrite: true }), tokenId: null };
}

/** PUT the file as the body (application/octet-stream); the answer is the artifact with its SHA-256 and signed digest. */
export async function PUT(request: Request, { params }: { params: Promise<{ releaseId: string }> }) {
  const { releaseId } = await params;
  return handleJsonRoute(
    async () => {
      const now = new Date();
      const input = parseQuery(request, artifactUploadSchema, { releaseId });
      const { ctx, tokenId } = await uploaderOf(request, now);
      if (!request.body) throw new InvalidInput("Send the file as the request body.", { body: ["The body is empty."] });
      const artifact = await uploadArtifact(ctx, input, Readable.fromWeb(request.body as never), {
        store: appServices().artifactStore(),
        signer: await appServices().signing(),
        issuer: appServices().tokenIssuer,
      });
      if (tokenId)
        await recordApiTokenUse(ctx.db, tokenId, { now, from: appServices().clientIp(request.headers) }).catch(
          (error: unknown) => appServices().logger.warn({ err: error }, "could not record API token use"),
        );
      return Response.json(artifact, { status: 201, headers: { "cache-control": "no-store" } });
    },
    (error) => appServices().logger.error({ err: error }, "artifact upload failed"),
  )(request);
}
