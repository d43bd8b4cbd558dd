import { recordUsage } from "@/lib/usage";
import { recordUsageRequestSchema } from "@/lib/validations/api";
import { deviceRoute } from "../devices/device-route";

export const dynamic = "force-dynamic";

/** POST /api/v1/usage — record metered usage under the client's id: 201 when counted, 200 for an id seen before. */
export const POST = deviceRoute(recordUsageRequestSchema, "usage record", async (ctx, input, deps) => {
  const { isNew, ...answer } = await recordUsage(ctx, input, deps);
  return { body: answer, status: isNew ? 201 : 200 };
});
