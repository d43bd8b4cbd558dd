import { sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { validationCounts } from "@/lib/db/schema";

const BUCKET_MS = 60_000;
const ROWS_PER_INSERT = 500;

export interface ValidationObservation {
  at: Date;
  code: string;
  licenseId: string | null;
  licenseKeyId: string | null;
}

/** Told of every recorded answer, e.g. to count it for `/metrics`. Must not throw or block. */
export type ValidationListener<O extends ValidationObservation> = (observation: O) => void;

interface PendingCount {
  bucketStart: Date;
  licenseId: string | null;
  licenseKeyId: string | null;
  code: string;
  count: number;
}

/**
 * Counts validation answers in memory and writes them per minute bucket in batches, so the
 * validate path never waits on a telemetry write. Several processes may flush into the same
 * bucket: the upsert adds to the stored count. A crash loses at most one flush interval of counts.
 */
export class ValidationTelemetry<O extends ValidationObservation = ValidationObservation> {
  private pending = new Map<string, PendingCount>();

  constructor(private readonly onRecord?: ValidationListener<O>) {}

  record(observation: O): void {
    const { at, code, licenseId, licenseKeyId } = observation;
    this.onRecord?.(observation);
    const bucketStart = new Date(Math.floor(at.getTime() / BUCKET_MS) * BUCKET_MS);
    this.add({ bucketStart, licenseId, licenseKeyId, code, count: 1 });
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Writes what was counted so far. On failure the counts are kept for the next attempt. */
  async flush(db: Executor): Promise<number> {
    if (this.pending.size === 0) return 0;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    for (let i = 0; i < batch.length; i += ROWS_PER_INSERT) {
      try {
        await db
          .insert(validationCounts)
          .values(batch.slice(i, i + ROWS_PER_INSERT))
          .onConflictDoUpdate({
            target: [validationCounts.bucketStart, validationCounts.licenseKeyId, validationCounts.code],
            set: { count: sql`${validationCounts.count} + excluded.count` },
          });
      } catch (error) {
        // Earlier chunks are stored; only the rest goes back, or they would be counted twice.
        for (const entry of batch.slice(i)) this.add(entry);
        throw error;
      }
    }
    return batch.length;
  }

  private add(entry: PendingCount) {
    const id = `${entry.bucketStart.getTime()}|${entry.licenseKeyId ?? ""}|${entry.code}`;
    const current = this.pending.get(id);
    if (current) current.count += entry.count;
    else this.pending.set(id, { ...entry });
  }
}
