import { Link } from "@/components/ui/link";
import { redirect } from "next/navigation";
import { signOutAction } from "@/app/(auth)/signout/actions";
import { AppHeader } from "@/components/portal/app-header";
import { EmptyState } from "@/components/ui/empty-state";
import { Card } from "@/components/ui/card";
import { PortalClientState } from "@/components/portal/client-state";
import { getOrgContext, requireHolderContext } from "@/lib/auth/session";
import { HELD_LICENSES_PATH, holdsAnyLicense } from "@/lib/seats";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  // Issue 18: someone holding seats of licenses sees them, member of an organization or not. Both
  // reads need only the session, so they go to the database together.
  const [{ ctx, user, memberships }, holdsLicenses] = await Promise.all([
    getOrgContext(),
    requireHolderContext().then((holder) => holdsAnyLicense(holder.ctx)),
  ]);
  if (!ctx && user.staffRole) redirect("/admin");
  if (!ctx && holdsLicenses) redirect(HELD_LICENSES_PATH);
  const orgName = memberships.find((m) => m.orgId === ctx?.orgId)?.orgName;
  const staffLink = user.staffRole ? (
    <Link href="/admin" className="rounded-md px-2 py-1 font-medium text-brand-700 hover:bg-brand-50">
      Admin
    </Link>
  ) : null;
  return (
    <>
      <AppHeader
        signOut={signOutAction}
        homeHref="/"
        title={orgName ?? ""}
        nav={
          ctx
            ? [
                { href: "/", label: "Licenses" },
                { href: "/members", label: "Members" },
                { href: "/settings/notifications", label: "Notifications" },
                { href: "/settings/security", label: "Security" },
                { href: "/settings/api-tokens", label: "API tokens" },
                { href: "/audit", label: "Audit log" },
                { href: "/docs/api", label: "API docs" },
                ...(holdsLicenses ? [{ href: HELD_LICENSES_PATH, label: "Licenses assigned to me" }] : []),
              ]
            : []
        }
        email={user.email}
        extra={staffLink}
      />
      <main id="main" className="mx-auto max-w-6xl px-4 py-8">
        {ctx ? (
          <PortalClientState>{children}</PortalClientState>
        ) : (
          <Card>
            <EmptyState title="You're not part of an organization yet">
              Ask an owner of your company&apos;s Rekey organization to invite this email address from their Members
              page.
            </EmptyState>
          </Card>
        )}
      </main>
    </>
  );
}
