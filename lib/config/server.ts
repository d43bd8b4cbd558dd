/**
 * The app's way to its process's wiring object (lib/wiring): route handlers, pages and server
 * actions call `appServices()` when they run; domain code receives what it needs as arguments.
 */
// The gate to the master key, HMAC and auth secrets: a client component that reaches this module
// fails `next build` (Next maps server-only to an empty module on the server and to an error in
// client bundles) instead of shipping secrets' holders to the browser.
import "server-only";
import { appServices } from "@/lib/wiring/process-services";

export { appServices };
export type { AppServices, ValidationRecord } from "@/lib/wiring/app-services";

// Importing this module pins AUTH_URL (lib/wiring/process-services.ts) before any Auth.js code runs.
appServices();
