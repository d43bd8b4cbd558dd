export { EXPIRING_SOON_DAYS, daysUntil, isExpiringSoon } from "./expiry";
export { listLicenses, type LicenseSummary } from "./list-licenses";
export { getLicense, type LicenseDetail } from "./get-license";
export { searchCustomers, CUSTOMER_SEARCH_PAGE_SIZE } from "./search-customers";
