import { appServices } from "@/lib/config/server";
import { isDatabaseReachable } from "@/lib/db/unavailable";

export const dynamic = "force-dynamic";

const RETRY_AFTER_SECONDS = 10;
/** Where the page returns to once the database answers: the public status page, or the portal (which sends staff on to /admin). */
const RETURN_TO = { status: "/status", portal: "/" } as const;

/**
 * Where pages send people while the database cannot be reached (lib/auth/session.ts): a plain
 * 503 page with Retry-After that reloads itself and, once the database answers, goes back. A
 * route handler and not a page, because only a route handler can answer 503 (Next renders a
 * failed page as 500), and it needs nothing that could fail with the database: no layout, no
 * session, no client script.
 */
export async function GET(request: Request) {
  const from = new URL(request.url).searchParams.get("from") === "status" ? "status" : "portal";
  const isReachable = await isDatabaseReachable(appServices().db).catch((error: unknown) => {
    appServices().logger.error({ err: error }, "status page: database check failed");
    return false;
  });
  if (isReachable)
    return new Response(null, { status: 303, headers: { location: RETURN_TO[from], "cache-control": "no-store" } });
  return new Response(outagePage(from), {
    status: 503,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "retry-after": String(RETRY_AFTER_SECONDS),
      "cache-control": "no-store",
    },
  });
}

/** `from` is one of two fixed words, so nothing from the request reaches the markup. */
const outagePage = (from: keyof typeof RETURN_TO) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${RETRY_AFTER_SECONDS}">
<title>Temporarily unavailable · Rekey</title>
<style>body{font-family:system-ui,sans-serif;color:#0f172a;max-width:34rem;margin:6rem auto;padding:0 1rem;line-height:1.5}p{color:#334155}a{color:#1d4ed8}</style>
</head>
<body>
<main id="main">
<h1>Rekey is temporarily unavailable</h1>
<p>The portal cannot reach its database right now. Nothing you saved is lost. Software that uses the Rekey SDK keeps working from its cached license file until the file's grace period ends.</p>
<p>This page checks again every ${RETRY_AFTER_SECONDS} seconds and takes you back as soon as Rekey is available. <a href="${RETURN_TO[from]}">Try now</a>.</p>
</main>
</body>
</html>
`;
