import { TableScroll } from "@/components/ui/simple-table";
import { Badge, type Tone } from "@/components/ui/badge";
import type { BulkRotationProgress } from "@/lib/rotation";

const STATE_TONE: Record<BulkRotationProgress["state"], Tone> = {
  awaiting_approval: "amber",
  running: "blue",
  paused: "amber",
  halted: "red",
  completed: "green",
  cancelled: "slate",
  rejected: "slate",
};

export function BulkStateBadge({ state }: { state: BulkRotationProgress["state"] }) {
  return <Badge tone={STATE_TONE[state]}>{state.replace("_", " ")}</Badge>;
}

/** Share of the selection whose new key is issued, as a native progress bar (announced by screen readers). */
export function BulkProgressBar({ run }: { run: BulkRotationProgress }) {
  const total = run.selectedCount ?? 0;
  const percent = total ? Math.round((run.totals.issued * 100) / total) : 0;
  return (
    <div>
      <label htmlFor={`progress-${run.id}`} className="text-sm text-slate-700">
        {run.totals.issued} of {total || "?"} licenses have their new key ({percent} %)
      </label>
      <progress
        id={`progress-${run.id}`}
        max={total || 1}
        value={run.totals.issued}
        className="mt-1 block h-3 w-full"
      />
    </div>
  );
}

export function BulkWaveTable({ run }: { run: BulkRotationProgress }) {
  return (
    <TableScroll label="Waves">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Waves</caption>
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
          <tr>
            {["Wave", "Up to", "Planned", "Issued", "Completed", "Failed", "Validation failures"].map((heading) => (
              <th key={heading} scope="col" className="px-4 py-2">
                {heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {run.waves.map((wave) => (
            <tr
              key={wave.wave}
              aria-current={run.currentWave === wave.wave ? "step" : undefined}
              className={run.currentWave === wave.wave ? "bg-brand-50" : undefined}
            >
              <th scope="row" className="px-4 py-2 text-left font-medium">
                {wave.wave + 1}
                {wave.startedAt ? "" : " (not started)"}
              </th>
              <td className="px-4 py-2">{wave.percent} %</td>
              <td className="px-4 py-2">
                {wave.planned}
                {wave.target !== null ? ` / ${wave.target}` : ""}
              </td>
              <td className="px-4 py-2">{wave.issued}</td>
              <td className="px-4 py-2">{wave.completed}</td>
              <td className="px-4 py-2">{wave.failed}</td>
              <td className="px-4 py-2">
                {wave.validationFailures} of {wave.validations}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
