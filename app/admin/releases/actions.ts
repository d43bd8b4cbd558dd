"use server";

import { revalidatePath } from "next/cache";
import { staffAction } from "@/lib/auth/action";
import { appServices } from "@/lib/config/server";
import type { StaffCtx } from "@/lib/context";
import { createRelease, publishRelease, yankRelease } from "@/lib/releases";
import { createReleaseSchema, type ReleaseActionInput, releaseActionSchema } from "@/lib/validations/releases";

/** Releases decide what customers install (issue 19): admin work, like the catalogue. */
const admin = { role: "admin" } as const;

export const createReleaseAction = staffAction(
  createReleaseSchema,
  async (ctx, input) => {
    const release = await createRelease(ctx, input);
    revalidatePath("/admin/releases");
    return { id: release.id, version: release.version };
  },
  admin,
);

/** Publishing and yanking: the same form (a release and a reason), each through its machine move. */
const releaseStateAction = (change: typeof yankRelease) =>
  staffAction(
    releaseActionSchema,
    async (ctx, input) => {
      const release = await change(ctx, input);
      revalidatePath(`/admin/releases/${release.id}`);
      return { version: release.version };
    },
    admin,
  );

export const publishReleaseAction = releaseStateAction((ctx: StaffCtx, input: ReleaseActionInput) =>
  publishRelease(ctx, input, appServices().noticeDeps()),
);
export const yankReleaseAction = releaseStateAction(yankRelease);
