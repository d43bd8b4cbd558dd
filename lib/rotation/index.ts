export { getEffectiveRotationPreference } from "./get-rotation-preference";
