import { z } from "zod";
import { emailSchema } from "./members";

/** RFC 7643 §8.7.1 and RFC 7644 §3.5.2: the message schemas a SCIM client sends. */
export const SCIM_USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const SCIM_PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

const externalIdSchema = z.string().trim().min(1).max(255, "externalId is at most 255 characters.");

/** A User as directories send it (Okta, Entra ID): userName is the person's email here. */
export const scimCreateUserSchema = z.object({
  schemas: z.array(z.string()).refine((schemas) => schemas.includes(SCIM_USER_SCHEMA), {
    error: `schemas must include ${SCIM_USER_SCHEMA}.`,
  }),
  userName: emailSchema,
  externalId: externalIdSchema.optional(),
  active: z.boolean({ error: "active is true or false." }).default(true),
});
export type ScimCreateUserInput = z.infer<typeof scimCreateUserSchema>;

const patchableValue = z.object({ active: z.boolean().optional(), externalId: externalIdSchema.optional() });

/**
 * RFC 7644 §3.5.2: a PatchOp. Rekey manages `active` and `externalId` only; directories send them
 * either with a `path` or as a value object without one (both forms are in §3.5.2.3).
 */
export const scimPatchUserSchema = z
  .object({
    schemas: z.array(z.string()).refine((schemas) => schemas.includes(SCIM_PATCH_OP_SCHEMA), {
      error: `schemas must include ${SCIM_PATCH_OP_SCHEMA}.`,
    }),
    Operations: z
      .array(
        z.union([
          z.object({
            op: z.string().regex(/^(add|replace)$/i, "op is add or replace."),
            path: z.enum(["active", "externalId"], { error: "path is active or externalId." }),
            value: z.union([z.boolean(), externalIdSchema]),
          }),
          z.object({ op: z.string().regex(/^(add|replace)$/i, "op is add or replace."), value: patchableValue }),
        ]),
      )
      .min(1, "Send at least one operation.")
      .max(10),
  })
  .transform(({ Operations }) =>
    Object.assign(
      {},
      ...Operations.map((operation) => ("path" in operation ? { [operation.path]: operation.value } : operation.value)),
    ),
  )
  .pipe(patchableValue);
export type ScimUserChange = z.infer<typeof scimPatchUserSchema>;

/** RFC 7644 §3.4.2.2 (`userName eq "…"` only) and §3.4.2.4 (1-based startIndex, count). */
export const scimListUsersSchema = z.object({
  filter: z
    .string()
    .max(400)
    .regex(/^\s*userName\s+eq\s+"[^"\\]{1,320}"\s*$/i, 'Only filter=userName eq "<email>" is supported.')
    .transform((filter) => /"([^"]+)"/.exec(filter)![1]!.toLowerCase())
    .optional(),
  startIndex: z.coerce.number().int().min(1).max(1_000_000).default(1),
  count: z.coerce.number().int().min(0).max(200).default(100),
});
export type ScimListUsersInput = z.infer<typeof scimListUsersSchema>;
