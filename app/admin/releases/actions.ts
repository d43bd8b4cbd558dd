"use server";

import { revalidatePath } from "next/cache";
import { staffAction } from "@/lib/auth/action";
import { createRelease, publishRelease, yankRelease } from "@/lib/releases";
import { createReleaseSchema, releaseActionSchema } from "@/lib/validations/releases";

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
const releaseStateAction = (change: typeof publishRelease) =>
  staffAction(
    releaseActionSchema,
    async (ctx, input) => {
      const release = await change(ctx, input);
      revalidatePath(`/admin/releases/${release.id}`);
      return { version: release.version };
    },
    admin,
  );

export const publishReleaseAction = releaseStateAction(publishRelease);
export const yankReleaseAction = releaseStateAction(yankRelease);
