/**
 * Where a process keeps the one wiring object it built. Entry points build theirs explicitly and
 * hand it over (`provideAppServices`: scripts/serve.ts, scripts/worker.ts, the CLI scripts); under
 * `next dev` the first caller builds it from the environment.
 *
 * The object sits on `globalThis` because Next loads app code once per layer: `next build` output
 * holds three instances of this module (route handlers, pages, instrumentation), each with its own
 * module scope, in the one server process. This is the only process-wide slot; everything the
 * process shares (database, signing service, limiters, telemetry) hangs off the object in it.
 */
import { parseEnv } from "@/lib/config/env";
import { createAppServices, type AppServices } from "./app-services";

const slot = globalThis as unknown as { __rekeyAppServices?: AppServices };

function remember(services: AppServices): AppServices {
  /*
   * Auth.js builds sign-in links, callback URLs and its redirects from AUTH_URL when it is set, and
   * from the request's Host / X-Forwarded-Host when not (@auth/core createActionURL, next-auth
   * reqWithEnvURL): a forged Host then put an attacker's address into a genuine sign-in email.
   * Pinning it here, before any Auth.js code runs in this process, makes the sign-in action, the
   * /api/auth routes and auth() all use REKEY_PUBLIC_URL and never look at those headers. Set
   * unconditionally, so an AUTH_URL or NEXTAUTH_URL left in the environment cannot disagree.
   */
  process.env.AUTH_URL = services.portalUrl;
  delete process.env.NEXTAUTH_URL;
  slot.__rekeyAppServices = services;
  return services;
}

/** The process's wiring object; built from `process.env` if no entry point provided one. */
export function appServices(): AppServices {
  return slot.__rekeyAppServices ?? remember(createAppServices({ env: parseEnv(process.env) }));
}

/** For entry points: this process's wiring is `services`. A second object would open a second database, so it refuses. */
export function provideAppServices(services: AppServices): AppServices {
  if (slot.__rekeyAppServices && slot.__rekeyAppServices !== services)
    throw new Error("This process already has its wiring object; build it once, at the entry point.");
  return remember(services);
}

/** For a script or server entry point: builds this process's wiring from its environment, once. */
export function wireProcess(source: Record<string, string | undefined> = process.env): AppServices {
  return provideAppServices(createAppServices({ env: parseEnv(source) }));
}
