import type { StaffCtx } from "@/lib/context";
import { Forbidden } from "@/lib/errors";

/** Signing keys, approvals and bulk runs are admin work (admin ⊃ support, DESIGN.md §2). */
export function assertAdmin(ctx: StaffCtx): void {
  if (ctx.actor.role !== "admin") throw new Forbidden("Only an admin can do this.");
}
