/** E2E_PORT lets several checkouts run their suites side by side; always `localhost` (cookies are host-scoped). */
export const e2eBaseUrl = `http://localhost:${process.env.E2E_PORT ?? "3100"}`;
