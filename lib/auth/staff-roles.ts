import { Forbidden } from "@/lib/errors";
import { secondFactorBlock, type SecondFactorState } from "@/lib/mfa";

export type StaffRole = "support" | "admin";

// DESIGN.md §2: admin ⊃ support. A rank keeps "at least" checks one comparison as roles grow.
const rank: Record<StaffRole, number> = { support: 1, admin: 2 };

export function hasStaffRole(role: StaffRole | null, required: StaffRole): boolean {
  return role !== null && rank[role] >= rank[required];
}

/**
 * Why this person may not act as staff here, or null. Reads need only the role; a write also
 * needs the second factor verified in this session (enrolled first).
 */
export function staffAccessRefusal(
  { staffRole, secondFactor }: { staffRole: StaffRole | null; secondFactor: SecondFactorState },
  { role, isWrite }: { role: StaffRole; isWrite: boolean },
): Forbidden | null {
  if (!hasStaffRole(staffRole, role))
    return new Forbidden(staffRole ? `Only ${role} staff can do this.` : "This is for Rekey staff only.");
  return isWrite ? secondFactorBlock(secondFactor, "change anything as staff") : null;
}
