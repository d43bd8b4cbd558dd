import { listLicenses } from "@/lib/licensing";
import { customerRoute } from "../customer-route";

export const dynamic = "force-dynamic";

/** The token's organization's licenses (issue 17): what `rekey licenses` lists. */
export const GET = customerRoute("licenses:read", async ({ ctx }) => {
  const licenses = await listLicenses(ctx);
  return Response.json({
    data: licenses.map((license) => ({
      id: license.id,
      product: license.productCode,
      productName: license.productName,
      edition: license.editionName,
      status: license.status,
      seats: license.seats,
      seatsUsed: license.seatsUsed,
      startsAt: license.startsAt.toISOString(),
      expiresAt: license.expiresAt?.toISOString() ?? null,
    })),
  });
});
