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
    { name: 'chromium', dependencies: ['setup'] },
  ],
});
