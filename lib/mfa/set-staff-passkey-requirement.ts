import { and, eq, isNotNull } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit";
import type { StaffCtx } from "@/lib/context";
import { users } from "@/lib/db/schema";
import { NotFound } from "@/lib/errors";
import type { StaffPasskeyRequirementInput } from "@/lib/validations/mfa";

/**
 * Staff policy (issue 20): an admin requires a passkey of a staff member. From then on their
 * TOTP and recovery codes no longer pass the second factor; sessions verified with a code stop
 * counting at once (lib/mfa/second-factor-state.ts), so the next staff write asks for the passkey.
 */
export async function setStaffPasskeyRequirement(
  ctx: StaffCtx,
  { email, isRequired, reason, reasonCategory }: StaffPasskeyRequirementInput,
): Promise<{ userId: string }> {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [staff] = await tx
      .update(users)
      .set({ passkeyRequired: isRequired })
      .where(and(eq(users.email, email), isNotNull(users.staffRole)))
      .returning({ id: users.id });
    if (!staff) throw new NotFound("No staff member has that email address.");
    await appendAuditEvent(tx, {
      actor: ctx.actor,
      at: now,
      action: "staff.passkey_requirement_changed",
      subjectType: "user",
      subjectId: staff.id,
      reason,
      data: { isRequired, reasonCategory },
    });
    return { userId: staff.id };
  });
}
