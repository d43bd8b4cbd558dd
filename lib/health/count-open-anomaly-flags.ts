import { count, isNull } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { zeroFilledCounts } from "./zero-filled-counts";
import { deviceAnomalyFlags, deviceAnomalyKind } from "@/lib/db/schema";

type AnomalyKind = (typeof deviceAnomalyKind.enumValues)[number];

export async function countOpenAnomalyFlags(db: Executor): Promise<Record<AnomalyKind, number>> {
  const rows = await db
    .select({ value: deviceAnomalyFlags.kind, total: count() })
    .from(deviceAnomalyFlags)
    .where(isNull(deviceAnomalyFlags.resolvedAt))
    .groupBy(deviceAnomalyFlags.kind);
  return zeroFilledCounts(deviceAnomalyKind.enumValues, rows);
}
