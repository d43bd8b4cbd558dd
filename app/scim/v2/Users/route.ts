import { createScimUser, listScimUsers } from "@/lib/identity";
import { scimCreateUserSchema, scimListUsersSchema } from "@/lib/validations/scim";
import { parseScimBody, parseScimQuery, scimJson, scimRoute, withLocation } from "../scim-http";

/** RFC 7644 §3.4.2: list or look up (`filter=userName eq "…"`) the organization's Users. */
export const GET = scimRoute(async (ctx, request) => {
  const list = await listScimUsers(ctx, parseScimQuery(request, scimListUsersSchema));
  return scimJson(200, { ...list, Resources: list.Resources.map(withLocation) });
});

/** RFC 7644 §3.3: the directory adds a person. */
export const POST = scimRoute(async (ctx, request) => {
  const user = withLocation(await createScimUser(ctx, await parseScimBody(request, scimCreateUserSchema)));
  return scimJson(201, user, { location: user.meta.location });
});
