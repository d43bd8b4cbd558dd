import { eq } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { Ctx } from "@/lib/context";
import { users } from "@/lib/db/schema";
import { z } from "zod";
import { emailSchema } from "@/lib/validations/members";

export const grantStaffRoleSchema = z.object({
  email: emailSchema,
  role: z.enum(["support", "admin"], { error: "Role must be support or admin." }),
});
export type GrantStaffRoleInput = z.infer<typeof grantStaffRoleSchema>;

/** Makes someone Rekey staff (creating their user if needed); they then sign in by magic link. */
export async function grantStaffRole(ctx: Ctx, input: GrantStaffRoleInput) {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    await tx.insert(users).values({ email: input.email }).onConflictDoNothing({ target: users.email });
    const [before] = await tx
      .select({ id: users.id, staffRole: users.staffRole })
      .from(users)
      .where(eq(users.email, input.email))
      .for("update");
    await tx.update(users).set({ staffRole: input.role }).where(eq(users.id, before!.id));
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      action: "staff.role_granted",
      subjectType: "user",
      subjectId: before!.id,
      data: { email: input.email, role: input.role, previousRole: before!.staffRole },
    });
    return { userId: before!.id, previousRole: before!.staffRole };
  });
}
