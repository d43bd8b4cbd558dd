import { z } from "zod";
import { requireOrgContext } from "@/lib/auth/session";
import { appServices } from "@/lib/config/server";
import { NotFound } from "@/lib/errors";
import { handleJsonRoute } from "@/lib/http/json-route";
import { findArtifactSignature, issueDownloadLink } from "@/lib/releases";

export const dynamic = "force-dynamic";

const idSchema = z.uuid();

/**
 * A Downloads page link: checks the customer's session and entitlement, then sends the browser to
 * a fresh short-lived signed link (so a page left open still downloads), or with `?file=signature`
 * answers the file's signed digest. The redirect's origin is REKEY_PUBLIC_URL, never the Host header.
 */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ licenseId: string; artifactId: string }> },
) {
  const { licenseId, artifactId } = await params;
  return handleJsonRoute(
    async () => {
      if (!idSchema.safeParse(licenseId).success || !idSchema.safeParse(artifactId).success)
        throw new NotFound("No such download.");
      const ctx = await requireOrgContext();
      if (new URL(request.url).searchParams.get("file") === "signature") {
        const { fileName, signature } = await findArtifactSignature(ctx, { licenseId, artifactId });
        return new Response(signature, {
          headers: {
            "content-type": "application/jwt",
            "content-disposition": `attachment; filename="${fileName}"`,
            "cache-control": "private, no-store",
          },
        });
      }
      const { token } = await issueDownloadLink(
        ctx,
        { licenseId, artifactId },
        { hasher: appServices().keySecrets().hasher },
      );
      return new Response(null, {
        status: 303,
        headers: {
          location: appServices().publicUrl(`/api/v1/releases/download?token=${token}`),
          "cache-control": "no-store",
        },
      });
    },
    (error) => appServices().logger.error({ err: error }, "download link failed"),
  )(request);
}
