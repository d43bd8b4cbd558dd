/**
 * The app's way to its process's wiring object (lib/wiring): route handlers, pages and server
 * actions call `appServices()` when they run; domain code receives what it needs as arguments.
 */
import { appServices } from "@/lib/wiring/process-services";

export { appServices };
export type { AppServices, ValidationRecord } from "@/lib/wiring/app-services";

// Importing this module pins AUTH_URL (lib/wiring/process-services.ts) before any Auth.js code runs.
appServices();
