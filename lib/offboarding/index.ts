export { cancelOffboarding } from "./cancel-offboarding";
export { completeDueOffboardings } from "./complete-due-offboardings";
export { findOffboarding } from "./find-offboarding";
export {
  isScheduled,
  type Offboarding,
  offboardingMachine,
  type OffboardingStatus,
  offboardingTransitions,
} from "./offboarding-transitions";
export { scheduleOffboarding } from "./schedule-offboarding";
