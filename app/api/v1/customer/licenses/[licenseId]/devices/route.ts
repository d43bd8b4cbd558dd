import { listDevices } from "@/lib/devices";
import { customerRoute, licenseIdOf } from "../../../customer-route";

export const dynamic = "force-dynamic";

/** The devices bound to one of the organization's licenses (`rekey devices`). */
export const GET = customerRoute("licenses:read", async ({ ctx }, request) => {
  const devices = await listDevices(ctx, licenseIdOf(request));
  return Response.json({
    data: devices.map((device) => ({
      ...device,
      activatedAt: device.activatedAt?.toISOString() ?? null,
      deactivatedAt: device.deactivatedAt?.toISOString() ?? null,
      inactiveAt: device.inactiveAt?.toISOString() ?? null,
      lastSeenAt: device.lastSeenAt?.toISOString() ?? null,
    })),
  });
});
