import type { ValidationRates } from "@/lib/health";

const WIDTH = 720;
const HEIGHT = 220;
const PADDING = { top: 12, right: 12, bottom: 28, left: 48 };

/** Fixed colours for the codes people look for; the rest cycle through a palette. */
const CODE_COLORS: Record<string, string> = {
  VALID: "#059669",
  VALID_ROTATING: "#0d9488",
  KEY_RETIRED: "#d97706",
  UNKNOWN_KEY: "#dc2626",
  REVOKED: "#7c3aed",
  EXPIRED: "#64748b",
};
const PALETTE = ["#2563eb", "#db2777", "#ca8a04", "#0891b2", "#9333ea", "#475569"];

function colorOf(code: string, index: number): string {
  return CODE_COLORS[code] ?? PALETTE[index % PALETTE.length]!;
}

const timeFormat = (stepSeconds: number) =>
  new Intl.DateTimeFormat(
    "en-GB",
    stepSeconds >= 3_600
      ? { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" }
      : { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" },
  );

/**
 * Validation answers over time as stacked bars, drawn on the server as SVG: no chart library and
 * no client JavaScript. Screen readers get a summary (`role="img"` + description) and the same
 * numbers as a table below the chart.
 */
export function ValidationRateChart({ rates }: { rates: ValidationRates }) {
  const perMinute = rates.stepSeconds / 60;
  const peak = Math.max(1, ...rates.buckets.map((bucket) => bucket.total / perMinute));
  const plotWidth = WIDTH - PADDING.left - PADDING.right;
  const plotHeight = HEIGHT - PADDING.top - PADDING.bottom;
  const barWidth = plotWidth / rates.buckets.length;
  const y = (ratePerMinute: number) => PADDING.top + plotHeight - (ratePerMinute / peak) * plotHeight;
  const format = timeFormat(rates.stepSeconds);
  const ticks = [0, Math.floor(rates.buckets.length / 2), rates.buckets.length - 1];
  const summary =
    rates.total === 0
      ? "No validations in this range."
      : `${rates.total} validations in this range, peak ${formatRate(peak)} per minute. By code: ${rates.codes.map((code) => `${code} ${rates.totals[code]}`).join(", ")}.`;
  const nonEmpty = rates.buckets.filter((bucket) => bucket.total > 0);

  return (
    <figure className="px-5 py-4">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="h-auto w-full"
        role="img"
        aria-labelledby="validation-chart-title validation-chart-desc"
      >
        <title id="validation-chart-title">Validations per minute by code</title>
        <desc id="validation-chart-desc">{summary}</desc>
        {[0, 0.5, 1].map((fraction) => (
          <g key={fraction}>
            <line
              x1={PADDING.left}
              x2={WIDTH - PADDING.right}
              y1={y(peak * fraction)}
              y2={y(peak * fraction)}
              stroke="#e2e8f0"
            />
            <text x={PADDING.left - 6} y={y(peak * fraction) + 4} textAnchor="end" fontSize="11" fill="#475569">
              {formatRate(peak * fraction)}
            </text>
          </g>
        ))}
        {rates.buckets.map((bucket, index) => {
          let stackedRate = 0;
          return (
            <g key={bucket.start.getTime()}>
              {rates.codes.map((code, codeIndex) => {
                const rate = (bucket.counts[code] ?? 0) / perMinute;
                if (rate === 0) return null;
                const top = y(stackedRate + rate);
                const height = y(stackedRate) - top;
                stackedRate += rate;
                return (
                  <rect
                    key={code}
                    x={PADDING.left + index * barWidth + 0.5}
                    y={top}
                    width={Math.max(barWidth - 1, 0.5)}
                    height={height}
                    fill={colorOf(code, codeIndex)}
                  />
                );
              })}
            </g>
          );
        })}
        {ticks.map((index) => (
          <text
            key={index}
            x={PADDING.left + (index + 0.5) * barWidth}
            y={HEIGHT - 8}
            textAnchor="middle"
            fontSize="11"
            fill="#475569"
          >
            {format.format(rates.buckets[index]!.start)}
          </text>
        ))}
      </svg>
      <figcaption className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-600">
        <span>Average per minute in each {describeStep(rates.stepSeconds)} bar (UTC).</span>
        {rates.codes.length > 0 ? (
          <ul aria-label="Chart legend" className="flex flex-wrap gap-x-3 gap-y-1">
            {rates.codes.map((code, index) => (
              <li key={code} className="flex items-center gap-1">
                <span
                  aria-hidden="true"
                  className="inline-block size-3 rounded-sm"
                  style={{ backgroundColor: colorOf(code, index) }}
                />
                {code} ({rates.totals[code]})
              </li>
            ))}
          </ul>
        ) : null}
      </figcaption>
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer font-medium text-brand-700">Show the numbers as a table</summary>
        {nonEmpty.length === 0 ? (
          <p className="mt-2 text-slate-600">No validations in this range.</p>
        ) : (
          <div className="mt-2 max-h-80 overflow-auto">
            <table className="min-w-full divide-y divide-slate-200 text-xs">
              <caption className="sr-only">
                Validations by code per {describeStep(rates.stepSeconds)} (UTC); empty periods left out
              </caption>
              <thead className="bg-slate-50 text-left font-semibold text-slate-600">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    Period starting
                  </th>
                  {rates.codes.map((code) => (
                    <th key={code} scope="col" className="px-3 py-2 text-right">
                      {code}
                    </th>
                  ))}
                  <th scope="col" className="px-3 py-2 text-right">
                    Total
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {nonEmpty.map((bucket) => (
                  <tr key={bucket.start.getTime()}>
                    <th scope="row" className="px-3 py-1.5 text-left font-normal">
                      <time dateTime={bucket.start.toISOString()}>{format.format(bucket.start)}</time>
                    </th>
                    {rates.codes.map((code) => (
                      <td key={code} className="px-3 py-1.5 text-right tabular-nums">
                        {bucket.counts[code] ?? 0}
                      </td>
                    ))}
                    <td className="px-3 py-1.5 text-right font-medium tabular-nums">{bucket.total}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </details>
    </figure>
  );
}

function formatRate(value: number): string {
  return value >= 10 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
}

function describeStep(stepSeconds: number): string {
  return stepSeconds < 3_600 ? `${stepSeconds / 60}-minute` : `${stepSeconds / 3_600}-hour`;
}
