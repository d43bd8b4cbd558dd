import type { Tx } from "@/lib/db";
import { rotations } from "@/lib/db/schema";
import type { Rotation } from "./rotation-transitions";

export interface PlannedRotationInput {
  licenseId: string;
  kind: Exclude<Rotation["kind"], "scheduled">;
  policyId: string | null;
  scheduledFor: Date;
  overlapMinutes: number;
  requestedBy: string | null | undefined;
  reason: string | null;
  now: Date;
}

/**
 * The one way a rotation someone asked for (a customer's schedule or rotate-now, an emergency, a
 * support reissue or trial conversion) enters the machine: `planned`, under the policy version it
 * was checked against, its first step due at its time. The worker plans scheduled ones in sets
 * (plan-next-rotation.ts). The caller writes the audit event that says why.
 */
export async function insertPlannedRotation(tx: Tx, input: PlannedRotationInput): Promise<Rotation> {
  const { now, ...rotation } = input;
  const [planned] = await tx
    .insert(rotations)
    .values({ ...rotation, state: "planned", nextStepAt: rotation.scheduledFor, createdAt: now, updatedAt: now })
    .returning();
  return planned!;
}
