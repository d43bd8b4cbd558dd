import { managementRoute } from "../management-route";

export const dynamic = "force-dynamic";

/** The management API (issue 15): every operation of lib/management/operations.ts, one wrapper. */
export const GET = managementRoute;
export const POST = managementRoute;
export const PATCH = managementRoute;
