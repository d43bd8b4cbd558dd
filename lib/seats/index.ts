export { assignLicenseSeat } from "./assign-license-seat";
export { unassignLicenseSeat } from "./unassign-license-seat";
export { listLicenseSeats, type LicenseSeats } from "./list-license-seats";
export { checkUserSeat, NAMED_USER_SEAT_MODEL } from "./named-user-seats";
export { revealOwnSeatToken } from "./reveal-own-seat-token";
export {
  holdsAnyLicense,
  holdsAnyLicenseSql,
  listHeldLicenses,
  openHeldLicense,
  type HeldLicense,
} from "./held-licenses";
export { HELD_LICENSES_PATH, HELD_SECURITY_PATH, heldLicensePath } from "./held-license-path";
export { loadHeldLicenseView, type HeldLicenseView } from "./load-held-license-view";
