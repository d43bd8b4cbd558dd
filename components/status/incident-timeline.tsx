import { Badge, type Tone } from "@/components/ui/badge";
import { Time } from "@/components/ui/time";
import {
  INCIDENT_IMPACT_LABELS,
  INCIDENT_STATE_LABELS,
  type IncidentImpact,
  type IncidentState,
  isResolved,
  STATUS_COMPONENTS,
  type StatusComponentKey,
} from "@/lib/status";

const IMPACT_TONES: Record<IncidentImpact, Tone> = { minor: "amber", major: "amber", critical: "red" };

export interface IncidentView {
  id: string;
  title: string;
  impact: IncidentImpact;
  state: IncidentState;
  components: string[];
  startedAt: Date;
  resolvedAt: Date | null;
  updates: { id: string; state: IncidentState; message: string; postedAt: Date }[];
}

/** One incident with its updates, newest first: what the public and staff both read. */
export function IncidentTimeline({ incident, now }: { incident: IncidentView; now: Date }) {
  return (
    <article aria-labelledby={`incident-${incident.id}`} className="px-5 py-4">
      <div className="flex flex-wrap items-center gap-2">
        <h3 id={`incident-${incident.id}`} className="text-sm font-semibold text-slate-900">
          {incident.title}
        </h3>
        <Badge tone={isResolved(incident) ? "green" : IMPACT_TONES[incident.impact]}>
          {INCIDENT_STATE_LABELS[incident.state]}
        </Badge>
        <Badge tone="slate">{INCIDENT_IMPACT_LABELS[incident.impact]} impact</Badge>
      </div>
      <p className="mt-1 text-xs text-slate-500">
        Affects {incident.components.map((key) => STATUS_COMPONENTS[key as StatusComponentKey] ?? key).join(", ")} ·
        started <Time date={incident.startedAt} now={now} />
        {incident.resolvedAt ? (
          <>
            {" "}
            · resolved <Time date={incident.resolvedAt} now={now} />
          </>
        ) : null}
      </p>
      <ol className="mt-3 space-y-2 border-l-2 border-slate-200 pl-4">
        {incident.updates.map((update) => (
          <li key={update.id} className="text-sm">
            <span className="font-medium">{INCIDENT_STATE_LABELS[update.state]}</span> — {update.message}{" "}
            <span className="text-xs text-slate-500">
              (<Time date={update.postedAt} now={now} mode="relative" />)
            </span>
          </li>
        ))}
      </ol>
    </article>
  );
}
