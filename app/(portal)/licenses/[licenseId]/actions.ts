"use server";

import { z } from "zod";
import { orgAction } from "@/lib/auth/action";
import { getSessionSignedInAt } from "@/lib/auth/session";
import { getKeySecrets } from "@/lib/config/server";
import { revealLicenseKey } from "@/lib/licensing";

const revealSchema = z.object({
  licenseId: z.uuid(),
  keyId: z.uuid(),
  purpose: z.enum(["reveal", "copy"]),
});

export const revealLicenseKeyAction = orgAction(revealSchema, async (ctx, input) =>
  revealLicenseKey(ctx, input, { ring: getKeySecrets().ring, signedInAt: await getSessionSignedInAt() }),
);
