export {
  checkComponentHealth,
  recordWorkerHeartbeat,
  STATUS_COMPONENTS,
  STATUS_COMPONENT_KEYS,
  type ComponentHealth,
  type Health,
  type StatusComponentKey,
} from "./components";
export { createIncident, type CreateIncidentInput } from "./create-incident";
export { postIncidentUpdate, type PostIncidentUpdateInput } from "./post-incident-update";
export { incidentMachine, incidentTransitions, isResolved, type IncidentState } from "./incident-transitions";
export { INCIDENT_IMPACT_LABELS, INCIDENT_STATE_LABELS, type IncidentImpact } from "./status-labels";
export {
  getStatusOverview,
  listIncidentsForStaff,
  STATUS_HISTORY_DAYS,
  type StatusOverview,
} from "./get-status-overview";
export { subscribeToStatus } from "./subscribe-to-status";
export { createStatusSubscriptionLimiter, type StatusSubscriptionLimiter } from "./status-subscription-limits";
export { confirmStatusSubscription } from "./confirm-status-subscription";
export { unsubscribeFromStatus } from "./unsubscribe-from-status";
export { unsubscribeToken } from "./subscriber-links";
export type { StatusDeps } from "./enqueue-incident-notices";
