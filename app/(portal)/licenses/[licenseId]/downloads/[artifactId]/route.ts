import { requireOrgContext } from "@/lib/auth/session";
import { artifactDownloadRoute } from "./artifact-download-response";

export const dynamic = "force-dynamic";

/** A Downloads page link of the customer's portal: the session's organization must own the license. */
export const GET = artifactDownloadRoute(() => requireOrgContext());
