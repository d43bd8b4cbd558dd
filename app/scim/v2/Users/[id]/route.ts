import { deleteScimUser, getScimUser, updateScimUser } from "@/lib/identity";
import { scimPatchUserSchema } from "@/lib/validations/scim";
import { parseScimBody, scimJson, scimRoute, withLocation } from "../../scim-http";

type Params = { id: string };

export const GET = scimRoute<Params>(async (ctx, _request, { id }) =>
  scimJson(200, withLocation(await getScimUser(ctx, id))),
);

/** RFC 7644 §3.5.2: `active` (false ends the person's access at once) and `externalId`. */
export const PATCH = scimRoute<Params>(async (ctx, request, { id }) =>
  scimJson(200, withLocation(await updateScimUser(ctx, id, await parseScimBody(request, scimPatchUserSchema)))),
);

/** RFC 7644 §3.6. */
export const DELETE = scimRoute<Params>(async (ctx, _request, { id }) => {
  await deleteScimUser(ctx, id);
  return new Response(null, { status: 204 });
});
