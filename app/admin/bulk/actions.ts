"use server";

import { revalidatePath } from "next/cache";
import { staffAction } from "@/lib/auth/action";
import { appServices } from "@/lib/config/server";
import {
  cancelBulkRotation,
  getBulkRotationProgress,
  isInMotion,
  pauseBulkRotation,
  requestBulkRotation,
  resumeBulkRotation,
} from "@/lib/rotation";
import { bulkRotationIdSchema, controlBulkRotationSchema, requestBulkRotationSchema } from "@/lib/validations/ops";

export const requestBulkRotationAction = staffAction(
  requestBulkRotationSchema,
  async (ctx, input) => {
    const { run, matchingNow } = await requestBulkRotation(ctx, input, {
      ttlHours: appServices().env.REKEY_APPROVAL_TTL_HOURS,
    });
    revalidatePath("/admin/bulk");
    revalidatePath("/admin/approvals");
    return { bulkRunId: run.id, matchingNow };
  },
  { role: "admin" },
);

const control = (use: typeof pauseBulkRotation) =>
  staffAction(
    controlBulkRotationSchema,
    async (ctx, input) => {
      await use(ctx, input);
      revalidatePath(`/admin/bulk/${input.bulkRunId}`);
      return { bulkRunId: input.bulkRunId };
    },
    { role: "admin" },
  );

export const pauseBulkRotationAction = control(pauseBulkRotation);
export const resumeBulkRotationAction = control(resumeBulkRotation);
export const cancelBulkRotationAction = control(cancelBulkRotation);

/** The run's progress for the live view (react-query polls it while the run is in motion). */
export const getBulkRotationProgressAction = staffAction(
  bulkRotationIdSchema,
  async (ctx, input) => {
    const run = await getBulkRotationProgress(ctx, input);
    return { run, inMotion: isInMotion(run) };
  },
  { role: "admin" },
);
