import { renewDeviceLease } from "@/lib/devices";
import { deviceRequestSchema } from "@/lib/validations/api";
import { deviceRoute } from "../device-route";

export const dynamic = "force-dynamic";

/** POST /api/v1/devices/heartbeat — renew this machine's lease. */
export const POST = deviceRoute(deviceRequestSchema, "heartbeat", async (ctx, input, deps) => ({
  body: await renewDeviceLease(ctx, input, deps),
}));
