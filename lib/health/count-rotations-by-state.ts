import { count } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { zeroFilledCounts } from "./zero-filled-counts";
import { rotations, rotationState } from "@/lib/db/schema";

export type RotationState = (typeof rotationState.enumValues)[number];

/** Every rotation state with its count, zeros included, so a chart or gauge never skips a state. */
export async function countRotationsByState(db: Executor): Promise<Record<RotationState, number>> {
  const rows = await db.select({ value: rotations.state, total: count() }).from(rotations).groupBy(rotations.state);
  return zeroFilledCounts(rotationState.enumValues, rows);
}
