export { recordUsage } from "./record-usage";
export { listLicenseUsage, type LicenseUsage } from "./list-license-usage";
export { TOLERATED_OVERAGE_FACTOR, USAGE_ALERT_PERCENTS, usageAllowance, usagePeriodAt } from "./usage-policy";
