/**
 * Licensing models (issue 18): the words the server, the SDK and the Python client share about an
 * edition's usage quotas and what happens past a quota or past expiry. Defined once here,
 * imported by the server (schema enums, request and answer schemas) as the validation codes are.
 */

/** A quota counts usage per UTC calendar period: the day, the month or the year a record falls in. */
export const USAGE_PERIODS = ["day", "month", "year"] as const;
export type UsagePeriod = (typeof USAGE_PERIODS)[number];

/**
 * What an edition does once a quota is used up: `none` refuses the record that would pass the
 * quota, `up_to_125_percent` accepts records up to 1.25× the quota, `always_allow` accepts every
 * record and reports the overage (for billing it afterwards).
 */
export const OVERAGE_STRATEGIES = ["none", "up_to_125_percent", "always_allow"] as const;
export type OverageStrategy = (typeof OVERAGE_STRATEGIES)[number];

/**
 * What an edition's licenses do once expired and past the expiry grace: `revoke_after_grace`
 * stops them; `restrict` keeps only the edition's listed features working; `maintain_access`
 * keeps the versions released before the expiry working (perpetual fallback).
 */
export const EXPIRY_STRATEGIES = ["revoke_after_grace", "restrict", "maintain_access"] as const;
export type ExpiryStrategy = (typeof EXPIRY_STRATEGIES)[number];
