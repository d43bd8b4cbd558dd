/**
 * The framework seams of testing/app-harness.ts, replaced for every test file of an `…-app` project
 * (vitest.config.ts): the files that import the harness run the app's real entry points, and these
 * mocks are all they change. Set up here once rather than in each file, the files are free to share
 * their worker's imported modules (the app's actions, pages and routes: about 10 s of imports per
 * file when each file imported them anew; issue 23).
 */
import { vi } from "vitest";

vi.mock("@/lib/auth/auth", async () => (await import("@/testing/app-harness")).authModule);
vi.mock("next/headers", async () => (await import("@/testing/app-harness")).headersModule);
vi.mock("next/cache", async () => (await import("@/testing/app-harness")).cacheModule);
vi.mock("@/lib/config/server", async (original) =>
  (await import("@/testing/app-harness")).configModule(await original<typeof import("@/lib/config/server")>()),
);
