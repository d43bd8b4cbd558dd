export { countRotationsByState } from "./count-rotations-by-state";
export { listUpcomingRotations, type UpcomingRotation } from "./list-upcoming-rotations";
export { countOutboxByStatus, countDeadOutboxSince, summarizeOutbox, type OutboxSummary } from "./summarize-outbox";
export { getValidationRates, type ValidationRates, type ValidationRateBucket } from "./get-validation-rates";
export {
  countSigningKeysByState,
  listSigningKeysNearingRotation,
  type SigningKeyNearingRotation,
} from "./signing-key-health";
export { countOpenAnomalyFlags } from "./count-open-anomaly-flags";
export { getWorkerLastPass } from "./worker-heartbeat";
export { listOldKeyUsage, type OldKeyUsage } from "./list-old-key-usage";
export { getTimeToAdopt, type TimeToAdopt } from "./get-time-to-adopt";
export { getRevocationPropagation, type RevocationPropagation } from "./get-revocation-propagation";
export { summarizeClientJwks, type ClientJwksSummary } from "./summarize-client-jwks";
export {
  CLIENT_ACCEPT_ALGORITHMS_HEADER,
  CLIENT_JWKS_KIDS_HEADER,
  ClientJwksTelemetry,
  classifyClientJwks,
  readClientJwksReport,
  type ClientJwksReport,
  type ClientJwksStatus,
} from "./client-jwks-telemetry";
export { summarizeRotationFeedback, type RotationFeedbackSummary } from "./summarize-rotation-feedback";
export {
  evaluateHealthAlerts,
  responseTargets,
  sendHealthAlerts,
  type AlertThresholds,
  type HealthAlert,
} from "./health-alerts";
export { createHealthMetrics, type HealthMetrics } from "./metrics";
export { isMetricsRequestAuthorized } from "./metrics-auth";
export { listResponseTimes, type ResponseTargets, type ResponseTime } from "./list-response-times";
export { findFailedValidationSpikes, type FailedValidationSpike } from "./find-failed-validation-spikes";
