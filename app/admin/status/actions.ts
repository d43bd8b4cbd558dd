"use server";

import { revalidatePath } from "next/cache";
import { staffAction } from "@/lib/auth/action";
import { appServices } from "@/lib/config/server";
import { createIncident, postIncidentUpdate } from "@/lib/status";
import { createIncidentSchema, incidentUpdateSchema } from "@/lib/validations/lifecycle";

const statusDeps = () => ({
  hasher: appServices().keySecrets().hasher,
  portalUrl: appServices().publicUrl("/").replace(/\/$/, ""),
});

export const createIncidentAction = staffAction(createIncidentSchema, async (ctx, input) => {
  const { incident, subscribersNotified } = await createIncident(ctx, input, statusDeps());
  revalidatePath("/admin/status");
  revalidatePath("/status");
  return { incidentId: incident.id, subscribersNotified };
});

export const postIncidentUpdateAction = staffAction(incidentUpdateSchema, async (ctx, input) => {
  const result = await postIncidentUpdate(ctx, input, statusDeps());
  revalidatePath("/admin/status");
  revalidatePath("/status");
  return result;
});
