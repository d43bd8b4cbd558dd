import "server-only";
import { z } from "zod";
import { appServices } from "@/lib/config/server";
import type { OrgCtx } from "@/lib/context";
import { NotFound } from "@/lib/errors";
import { handleJsonRoute } from "@/lib/http/json-route";
import { findArtifactSignature, issueDownloadLink } from "@/lib/releases";

const idSchema = z.uuid();

/** The license and artifact ids of a `…/<licenseId>/downloads/<artifactId>` link; anything else is a missing download. */
function downloadIdsOf(params: { licenseId: string; artifactId: string }) {
  if (!idSchema.safeParse(params.licenseId).success || !idSchema.safeParse(params.artifactId).success)
    throw new NotFound("No such download.");
  return params;
}

/**
 * A Downloads page link, for whoever may open the license (a member of its organization, or its
 * seat holder in the holder view): the browser is sent to a fresh short-lived signed link, so a page
 * left open still downloads, or with `?file=signature` gets the file's signed digest. The redirect's
 * origin is REKEY_PUBLIC_URL, never the Host header.
 */
async function artifactDownloadResponse(
  ctx: OrgCtx,
  request: Request,
  ids: { licenseId: string; artifactId: string },
): Promise<Response> {
  if (new URL(request.url).searchParams.get("file") === "signature") {
    const { fileName, signature } = await findArtifactSignature(ctx, ids);
    return new Response(signature, {
      headers: {
        "content-type": "application/jwt",
        "content-disposition": `attachment; filename="${fileName}"`,
        "cache-control": "private, no-store",
      },
    });
  }
  const { token } = await issueDownloadLink(ctx, ids, { hasher: appServices().keySecrets().hasher });
  return new Response(null, {
    status: 303,
    headers: {
      location: appServices().publicUrl(`/api/v1/releases/download?token=${token}`),
      "cache-control": "no-store",
    },
  });
}

/**
 * The GET handler of a Downloads link: `openLicense` decides who may open the license (the
 * customer's organization, or a seat holder) and gives the context the release rules then run in.
 */
export function artifactDownloadRoute(openLicense: (licenseId: string) => Promise<OrgCtx>) {
  return async (request: Request, { params }: { params: Promise<{ licenseId: string; artifactId: string }> }) => {
    const ids = await params;
    return handleJsonRoute(
      async () => {
        const checked = downloadIdsOf(ids);
        return artifactDownloadResponse(await openLicense(checked.licenseId), request, checked);
      },
      (error) => appServices().logger.error({ err: error }, "download link failed"),
    )(request);
  };
}
