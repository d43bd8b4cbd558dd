import { Link } from "@/components/ui/link";

/**
 * The way forward when an action was refused for lack of proof: sign in again, enter a code, or
 * set up an authenticator app. `callbackUrl` brings the person back to where they were.
 */
export function blockedActionLink(
  code: string | undefined,
  { callbackUrl, enrolHref }: { callbackUrl: string; enrolHref: string },
): { href: string; label: string } | null {
  const back = encodeURIComponent(callbackUrl);
  switch (code) {
    case "REAUTH_REQUIRED":
      return { href: `/signin?reauth=1&callbackUrl=${back}`, label: "Sign in again" };
    case "SECOND_FACTOR_REQUIRED":
      return { href: `/signin/mfa?callbackUrl=${back}`, label: "Enter a code from your authenticator app" };
    case "SECOND_FACTOR_ENROLMENT_REQUIRED":
      return { href: enrolHref, label: "Set up an authenticator app" };
    default:
      return null;
  }
}

export function BlockedActionLink(props: { code: string | undefined; callbackUrl: string; enrolHref: string }) {
  const link = blockedActionLink(props.code, props);
  return link ? (
    <Link className="font-semibold underline" href={link.href}>
      {link.label}
    </Link>
  ) : null;
}
