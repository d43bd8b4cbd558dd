import type { OrgCtx } from "@/lib/context";
import { Forbidden } from "@/lib/errors";

export function requireOwner(ctx: OrgCtx, what: string): void {
  if (ctx.memberRole !== "owner") throw new Forbidden(`Only an owner of this organization can ${what}.`);
}
