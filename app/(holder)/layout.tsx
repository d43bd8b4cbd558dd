import { Link } from "@/components/ui/link";
import { signOutAction } from "@/app/(auth)/signout/actions";
import { AppHeader } from "@/components/portal/app-header";
import { requireHolderContext } from "@/lib/auth/session";
import { findMemberships } from "@/lib/orgs";
import { HELD_LICENSES_PATH, HELD_SECURITY_PATH } from "@/lib/seats";

/**
 * The holder view (issue 18): licenses a person holds a seat of, with nothing of any
 * organization. Someone who is also a member of an organization gets a way back to it.
 */
export default async function HolderLayout({ children }: { children: React.ReactNode }) {
  const { ctx } = await requireHolderContext();
  const memberships = await findMemberships(ctx.db, ctx.actor.userId);
  const organizationLink =
    memberships.length > 0 && ctx.licenseScopeId === null ? (
      <Link href="/" className="rounded-md px-2 py-1 font-medium text-brand-700 hover:bg-brand-50">
        Your organization
      </Link>
    ) : null;
  return (
    <>
      <AppHeader
        signOut={signOutAction}
        homeHref={HELD_LICENSES_PATH}
        title="Licenses assigned to me"
        nav={[
          { href: HELD_LICENSES_PATH, label: "Licenses assigned to me" },
          { href: HELD_SECURITY_PATH, label: "Security" },
        ]}
        email={ctx.actor.email}
        extra={organizationLink}
      />
      <main id="main" className="mx-auto max-w-6xl px-4 py-8">
        {children}
      </main>
    </>
  );
}
