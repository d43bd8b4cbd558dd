/**
 * The domain model of docs/ARCHITECTURE.md plus the Auth.js tables, one file per area, gathered here.
 *
 * Conventions: every timestamp is `timestamptz`; every state column is a pg enum; every foreign key
 * has an index (PostgreSQL does not create one, and tenant-scoped reads and cascades need it);
 * uniqueness rules the domain relies on are enforced here, not only in code, so a race loses in the
 * database instead of corrupting data.
 */
export * from "./enums";
export * from "./auth";
export * from "./tenancy";
export * from "./catalogue";
export * from "./licensing";
export * from "./rotation";
export * from "./devices";
export * from "./signing";
export * from "./audit";
export * from "./status";
export * from "./telemetry";
export * from "./infrastructure";
export * from "./management-api";
export * from "./billing";
export * from "./floating-leases";
export * from "./releases";
export * from "./identity";
export * from "./usage";
export * from "./governance";
export * from "./sso";
export * from "./seats";
export * from "./license-key-sign-in";
