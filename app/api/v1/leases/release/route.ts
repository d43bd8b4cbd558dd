import { returnFloatingLease } from "@/lib/devices";
import { deviceRequestSchema } from "@/lib/validations/api";
import { deviceRoute } from "../../devices/device-route";

export const dynamic = "force-dynamic";

/** POST /api/v1/leases/release — give this machine's floating seat back (a borrowed one too). */
export const POST = deviceRoute(deviceRequestSchema, "lease release", async (ctx, input, deps) => ({
  body: await returnFloatingLease(ctx, input, deps),
}));
