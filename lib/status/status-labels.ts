import type { statusIncidentImpact } from "@/lib/db/schema";
import type { IncidentState } from "./incident-transitions";

export type IncidentImpact = (typeof statusIncidentImpact.enumValues)[number];

export const INCIDENT_STATE_LABELS: Record<IncidentState, string> = {
  investigating: "Investigating",
  identified: "Identified",
  monitoring: "Monitoring",
  resolved: "Resolved",
};

export const INCIDENT_IMPACT_LABELS: Record<IncidentImpact, string> = {
  minor: "Minor",
  major: "Major",
  critical: "Critical",
};
