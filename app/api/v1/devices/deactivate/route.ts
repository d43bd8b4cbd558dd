import { deactivateDeviceFromClient } from "@/lib/devices";
import { deviceRequestSchema } from "@/lib/validations/api";
import { deviceRoute } from "../device-route";

export const dynamic = "force-dynamic";

/** POST /api/v1/devices/deactivate — release this machine's seat, with a signed receipt. */
export const POST = deviceRoute(deviceRequestSchema, "deactivate", async (ctx, input, deps) => ({
  body: await deactivateDeviceFromClient(ctx, input, deps),
}));
