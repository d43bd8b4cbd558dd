import type { z } from "zod";
import { appServices } from "@/lib/config/server";
import type { HolderCtx, OrgCtx, PersonCtx, StaffCtx } from "@/lib/context";
import { DomainError, isFrameworkSignal, type FieldErrors } from "@/lib/errors";
import { fieldErrorsFrom } from "@/lib/validations/field-errors";
import { nulCharacterErrors } from "@/lib/validations/text";
import {
  requireHolderContext,
  requireOrgContext,
  requirePersonContext,
  requireStaffContext,
  type CurrentSession,
} from "./session";
import type { StaffRole } from "./staff-roles";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; message: string; fieldErrors?: FieldErrors; code?: string };
/** The shape `useActionState` expects; what every wrapped action is. */
export type FormAction<T> = (previous: ActionResult<T> | null, formData: FormData) => Promise<ActionResult<T>>;

/**
 * Form fields as a plain object; a name repeated (checkbox groups) becomes an array. React adds
 * `$ACTION_…` bookkeeping fields we must not validate.
 */
function formToObject(formData: FormData): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const name of new Set(formData.keys())) {
    if (name.startsWith("$ACTION")) continue;
    const all = formData.getAll(name).map((value) => (typeof value === "string" ? value : value.name));
    values[name] = all.length > 1 ? all : all[0];
  }
  return values;
}

function toFailure(error: unknown): ActionResult<never> {
  if (error instanceof DomainError) {
    return {
      ok: false,
      message: error.userMessage,
      code: error.code,
      ...("fieldErrors" in error ? { fieldErrors: error.fieldErrors as FieldErrors } : {}),
    };
  }
  if (isFrameworkSignal(error)) throw error;
  appServices().logger.error({ err: error }, "server action failed");
  return { ok: false, message: "Something went wrong on our side. Nothing was changed; please try again." };
}

function makeAction<C, S extends z.ZodType, T>(
  resolveCtx: () => Promise<C>,
  schema: S,
  handler: (ctx: C, input: z.output<S>) => Promise<T>,
) {
  const action: FormAction<T> = async (_previous, formData) => {
    try {
      // Inside the try: a refused context (no second factor, too low a role) is a message, not a crash.
      const ctx = await resolveCtx();
      const fields = formToObject(formData);
      const nulErrors = nulCharacterErrors(fields);
      if (Object.keys(nulErrors).length > 0)
        return { ok: false, message: "Please correct the highlighted fields.", fieldErrors: nulErrors };
      const parsed = schema.safeParse(fields);
      if (!parsed.success) {
        return {
          ok: false,
          message: "Please correct the highlighted fields.",
          fieldErrors: fieldErrorsFrom(parsed.error, "form"),
        };
      }
      return { ok: true, data: await handler(ctx, parsed.data) };
    } catch (error) {
      return toFailure(error);
    }
  };
  return action;
}

/**
 * The one wrapper every customer server action uses: session, organisation scope, zod validation
 * and error mapping. Export only the wrapped action from a 'use server' file.
 */
export function orgAction<S extends z.ZodType, T>(schema: S, handler: (ctx: OrgCtx, input: z.output<S>) => Promise<T>) {
  return makeAction(requireOrgContext, schema, handler);
}

/**
 * Every staff write: a staff role of at least `role` (default support) and a second factor
 * verified in this session, enforced here so no staff action can skip it.
 */
export function staffAction<S extends z.ZodType, T>(
  schema: S,
  handler: (ctx: StaffCtx, input: z.output<S>) => Promise<T>,
  { role }: { role?: StaffRole } = {},
) {
  return makeAction(() => requireStaffContext({ role, isWrite: true }), schema, handler);
}

/** A signed-in person changing their own sign-in settings; the handler also gets the session. */
export function personAction<S extends z.ZodType, T>(
  schema: S,
  handler: (ctx: PersonCtx, input: z.output<S>, session: CurrentSession) => Promise<T>,
) {
  return makeAction(requirePersonContext, schema, ({ ctx, session }, input) => handler(ctx, input, session));
}

/**
 * A seat holder acting on a license they hold (issue 18), member of its organization or not: the
 * handler opens the license through lib/seats (openHeldLicense), which refuses any other.
 */
export function holderAction<S extends z.ZodType, T>(
  schema: S,
  handler: (ctx: HolderCtx, input: z.output<S>) => Promise<T>,
) {
  return makeAction(async () => (await requireHolderContext()).ctx, schema, handler);
}

/** For actions that run before there is a session (sign-in). */
export function publicAction<S extends z.ZodType, T>(
  schema: S,
  handler: (ctx: null, input: z.output<S>) => Promise<T>,
) {
  return makeAction(async () => null, schema, handler);
}
