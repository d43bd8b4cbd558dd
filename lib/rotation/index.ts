export { getEffectiveRotationPreference, findEffectivePreference, type RotationPreference } from "./get-rotation-preference";
export { findRotationPolicy } from "./find-rotation-policy";
export { isValidTimeZone, nextWindowStart, upcomingWindows, type RotationWindow } from "./plan-window";
export { rotateNow } from "./rotate-now";
export { updateRotationPreferences } from "./update-rotation-preferences";
export { rotationTransitions, OPEN_ROTATION_STATES } from "./rotation-transitions";
export { rollbackRotation } from "./rollback-rotation";
export { postponeRotation } from "./postpone-rotation";
export { emergencyRotate } from "./emergency-rotate";
