import {
  licenseFileResponse,
  licenseIdOfFilePath,
} from "@/app/(portal)/licenses/[licenseId]/license-file/license-file-response";
import { requireKeyMaterialPass } from "@/lib/auth/key-material-pass";
import { requireHolderContext } from "@/lib/auth/session";
import { appServices } from "@/lib/config/server";
import { handleJsonRoute } from "@/lib/http/json-route";
import { openHeldLicense } from "@/lib/seats";

export const dynamic = "force-dynamic";

/** A seat holder's license file (issue 18): the license must be theirs to open, then the gate decides. */
export const GET = handleJsonRoute(
  async (request) => {
    const licenseId = licenseIdOfFilePath(request);
    const ctx = await openHeldLicense((await requireHolderContext()).ctx, licenseId);
    return licenseFileResponse(ctx, await requireKeyMaterialPass(ctx, licenseId), licenseId);
  },
  (error) => appServices().logger.error({ err: error }, "license file download failed"),
);
