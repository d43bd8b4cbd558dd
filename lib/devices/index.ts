export { listDevices, getDeviceOverview, type DeviceOverview, type DeviceSummary } from "./list-devices";
export { activateDevice, UNNAMED_DEVICE, type ApiCaller } from "./activate-device";
export { renewDeviceLease } from "./renew-device-lease";
export { deactivateDeviceFromClient } from "./deactivate-device-from-client";
export { DeviceRefused, type DeviceRefusalCode } from "./device-refused";
export { signDeviceRefusal } from "./device-tokens";
export { lockLicenseForClient, refuse, type ClientLicense, type DeviceApiDeps } from "./client-license";
export { deactivateDevices } from "./deactivate-devices";
export { reactivateDevice } from "./reactivate-device";
export { renameDevice } from "./rename-device";
export { updateDevicePolicy, type DevicePolicyInput } from "./update-device-policy";
export { activateDeviceOffline } from "./activate-device-offline";
export { deactivateDeviceOffline } from "./deactivate-device-offline";
export { expireStaleDevices } from "./expire-stale-devices";
export {
  deviceMachine,
  deviceTransitions,
  holdsSeat,
  holdsSeatSql,
  isDeactivated,
  type DeviceAction,
} from "./device-transitions";
export { listOpenAnomalyFlags } from "./list-anomaly-flags";
export { resolveAnomalyFlag } from "./resolve-anomaly-flag";
export { ANOMALY_WINDOW_MINUTES, anomalyThresholds, describeAnomaly } from "./anomaly-policy";
export { ActivationPinRefused, PIN_EDITION_CODES, type ActivationPinMode } from "./activation-pin";
export { setActivationPin, staffSetActivationPin } from "./set-activation-pin";
export { listDeviceRows, toDeviceRows, type DeviceRowView } from "./list-device-rows";
export { checkoutFloatingLease } from "./checkout-floating-lease";
export { returnFloatingLease } from "./return-floating-lease";
export { listFloatingLeases, type FloatingSeatsOverview } from "./list-floating-leases";
export { releaseFloatingLease } from "./release-floating-lease";
export { floatingLeaseMachine } from "./floating-lease-transitions";
export { waiveDeviceTransfers } from "./waive-device-transfers";
export { findLicenseTransferAllowance, type TransferAllowance } from "./transfer-policy";
export { recordDevicePresentation } from "./record-device-presentation";
