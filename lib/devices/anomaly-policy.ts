/**
 * When activations of one license look shared: the one place to change how sensitive anomaly
 * flags are. Generous on purpose: a genuine roll-out (every seat activated in an hour, from a
 * couple of offices) must never trip them, and a flag never blocks anything anyway.
 */
export const ANOMALY_WINDOW_MINUTES = 60;

/** Activation attempts are kept this long for counting, then pruned as new ones arrive. */
export const ACTIVATION_ATTEMPT_RETENTION_HOURS = 24;

export type AnomalyKind = "many_fingerprints" | "many_networks";

/** A flag is raised when the distinct count within the window goes above these. */
export function anomalyThresholds(seats: number): Record<AnomalyKind, number> {
  return { many_fingerprints: Math.max(5, seats * 2), many_networks: Math.max(5, seats) };
}

export function describeAnomaly({
  kind,
  observed,
  windowMinutes,
}: {
  kind: AnomalyKind;
  observed: number;
  windowMinutes: number;
}): string {
  const what = kind === "many_fingerprints" ? "different devices" : "different networks";
  return `${observed} ${what} tried to activate it within ${windowMinutes} minutes.`;
}
