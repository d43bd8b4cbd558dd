import { renewDeviceLease } from "@/lib/devices";
import { heartbeatRequestSchema } from "@/lib/validations/api";
import { deviceRoute } from "../device-route";

export const dynamic = "force-dynamic";

/** POST /api/v1/devices/heartbeat — renew this machine's lease. */
export const POST = deviceRoute(heartbeatRequestSchema, "heartbeat", async (ctx, input, deps) => ({
  body: await renewDeviceLease(ctx, input, deps),
}));
