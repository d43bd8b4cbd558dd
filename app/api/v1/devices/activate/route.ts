import { activateDevice } from "@/lib/devices";
import { activateDeviceRequestSchema } from "@/lib/validations/api";
import { deviceRoute } from "../device-route";

export const dynamic = "force-dynamic";

/** POST /api/v1/devices/activate — take a seat for this machine: 201 for a new device, 200 for a known one. */
export const POST = deviceRoute(activateDeviceRequestSchema, "activate", async (ctx, input, deps) => {
  const { isNew, ...answer } = await activateDevice(ctx, input, deps);
  return { body: answer, status: isNew ? 201 : 200 };
});
