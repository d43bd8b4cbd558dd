import { defineConfig } from '@playwright/test';
import { e2eBaseUrl } from './e2e/base-url';

// E2E runs against a production build (`next build` first; scripts/test.mjs does it)
// served by scripts/e2e-server.mjs (port 3100 unless E2E_PORT) with a fresh temp data dir.
// Always use `localhost` (not 127.0.0.1): cookies are host-scoped.

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  use: {
    baseURL: e2eBaseUrl,
    headless: true,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: 'node scripts/e2e-server.mjs',
    url: `${e2eBaseUrl}/api/health`,
    reuseExistingServer: false,
    // Includes the operator commands the server script runs first (db:seed, staff:grant) on a shared machine.
    timeout: 300_000,
  },
  projects: [
    { name: 'setup', testMatch: /.*\.setup\.ts/ },
    { name: 'chromium', dependencies: ['setup'], testIgnore: /page-sweep\.spec\.ts/ },
    // Issue 16: every page again in a browser whose zone is not the server's (hydration must not
    // depend on it), and on a 390 px phone in a half-hour zone, where axe runs a second time too.
    { name: 'sweep-new-york', dependencies: ['setup'], testMatch: /page-sweep\.spec\.ts/, use: { timezoneId: 'America/New_York' } },
    {
      name: 'phone-kolkata',
      dependencies: ['setup'],
      testMatch: /(page-sweep|accessibility)\.spec\.ts/,
      grep: /renders without errors|axe finds no serious/,
      use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, timezoneId: 'Asia/Kolkata' },
    },
  ],
});
