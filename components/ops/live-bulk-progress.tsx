"use client";

import { useLiveServerState } from "@/components/ui/use-live-server-state";
import type { FormAction } from "@/lib/auth/action";
import type { BulkRotationProgress } from "@/lib/rotation";
import { BulkProgressBar, BulkWaveTable } from "./bulk-progress";

/** How often an open bulk run's page asks how its waves are doing while it moves. */
const BULK_POLL_MS = 3_000;

/** What the server page was rendered for: when it differs, the page's alerts and actions are stale. */
const renderedFor = ({ run }: LiveBulkRun) => `${run.id}:${run.state}`;

export interface LiveBulkRun {
  run: BulkRotationProgress;
  /** Whether the run may still change by itself (running or awaiting approval), as its machine says. */
  inMotion: boolean;
}

/**
 * Keeps a bulk reissue's progress live (issue 16, item 11): react-query polls the run while its
 * machine says it is in motion and stops once it is not; the bar, the totals and the wave table
 * update in place, and when the run changes state (halted, completed) the server-rendered page is
 * refreshed so its alerts and the actions offered follow.
 */
export function LiveBulkProgress({ initial, load }: { initial: LiveBulkRun; load: FormAction<LiveBulkRun> }) {
  const bulkRunId = initial.run.id;
  const { run } = useLiveServerState({
    queryKey: ["bulk-rotation-progress", bulkRunId],
    load,
    input: { bulkRunId },
    initial,
    renderedFor,
    pollMs: ({ inMotion }) => (inMotion ? BULK_POLL_MS : false),
  });
  return (
    <>
      <div className="space-y-4 p-5" aria-live="polite">
        {run.selectedCount !== null ? <BulkProgressBar run={run} /> : null}
        <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-4">
          {(["planned", "issued", "completed", "failed"] as const).map((field) => (
            <div key={field}>
              <dt className="text-slate-500">{field[0]!.toUpperCase() + field.slice(1)}</dt>
              <dd className="text-lg font-semibold">{run.totals[field]}</dd>
            </div>
          ))}
        </dl>
      </div>
      <BulkWaveTable run={run} />
    </>
  );
}
