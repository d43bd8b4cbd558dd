import type { Ctx } from "@/lib/context";

/** An organization's directory calling through its SCIM token: every read and write is scoped to `orgId`. */
export interface ScimCtx extends Ctx {
  actor: { type: "system"; label: string };
  orgId: string;
}
