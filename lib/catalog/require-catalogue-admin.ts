import type { StaffCtx } from "@/lib/context";
import { Forbidden } from "@/lib/errors";

/**
 * The catalogue decides what every customer's software may do, so only admins change it; support
 * creates customers and licenses from it (issue 15). The action wrapper checks the role too; this
 * keeps the rule true for any other caller of the use case.
 */
export function requireCatalogueAdmin(ctx: StaffCtx, what: string): void {
  if (ctx.actor.role !== "admin") throw new Forbidden(`Only admins can ${what}.`);
}
