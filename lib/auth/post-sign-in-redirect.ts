/**
 * Where Auth.js may send someone after signing in or out. It hands over whatever callbackUrl the
 * request carried, so anything that does not resolve to the portal's own origin (`//evil.example`,
 * `/\evil.example`, `https://evil.example`, a malformed URL) goes to the portal's home instead:
 * the origin is REKEY_PUBLIC_URL's, never the request's.
 */
export function postSignInRedirect(url: string, portalOrigin: string): string {
  const home = new URL("/", portalOrigin).toString();
  try {
    const target = new URL(url, home);
    return target.origin === new URL(home).origin ? target.toString() : home;
  } catch {
    return home;
  }
}
