/**
 * What happens during a rotation, as an inline SVG with a text equivalent: the old key stays valid
 * through the overlap, the new key is downloadable from the first notice.
 */
const STEPS = [
  { x: 20, label: "Planned", note: "in your window" },
  { x: 160, label: "Notified", note: "emails, webhooks" },
  { x: 300, label: "Issued", note: "new key ready" },
  { x: 440, label: "Overlap", note: "both keys valid" },
  { x: 580, label: "Completed", note: "old key retired" },
] as const;

export function RotationDiagram() {
  return (
    <figure className="space-y-3">
      <svg
        viewBox="0 0 700 190"
        role="img"
        aria-labelledby="rotation-diagram-title rotation-diagram-desc"
        className="w-full max-w-3xl"
      >
        <title id="rotation-diagram-title">Timeline of a key rotation</title>
        <desc id="rotation-diagram-desc">
          Five steps from left to right: planned, notified, issued, overlap, completed. The old key is valid until the
          end of the overlap; the new key is valid from the moment it is issued.
        </desc>
        <line x1="40" y1="40" x2="640" y2="40" stroke="#94a3b8" strokeWidth="2" />
        {STEPS.map((step) => (
          <g key={step.label}>
            <circle cx={step.x + 20} cy="40" r="9" fill="#4338ca" />
            <text x={step.x + 20} y="70" textAnchor="middle" fontSize="14" fontWeight="600" fill="#0f172a">
              {step.label}
            </text>
            <text x={step.x + 20} y="88" textAnchor="middle" fontSize="12" fill="#475569">
              {step.note}
            </text>
          </g>
        ))}
        <rect x="40" y="112" width="560" height="18" rx="4" fill="#fde68a" />
        <text x="48" y="126" fontSize="12" fill="#78350f">
          Old key valid
        </text>
        <rect x="320" y="146" width="340" height="18" rx="4" fill="#a7f3d0" />
        <text x="328" y="160" fontSize="12" fill="#064e3b">
          New key valid (install it any time during the overlap)
        </text>
      </svg>
      <figcaption>
        <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-700">
          <li>Planned: the next rotation is scheduled inside your rotation window, by your cadence.</li>
          <li>Notified: your channels are told ahead of time (your notice lead times).</li>
          <li>Issued: the new key can be copied from the portal; the old key still works.</li>
          <li>
            Overlap: both keys validate (old ones answer VALID_ROTATING with the end time). Install the new key now.
          </li>
          <li>Completed: the overlap ends and the old key answers KEY_RETIRED. Devices stay activated throughout.</li>
        </ol>
      </figcaption>
    </figure>
  );
}
