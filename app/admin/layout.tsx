import { SecondFactorBanner } from "@/components/admin/second-factor-banner";
import { signOutAction } from "@/app/(auth)/signout/actions";
import { AppHeader } from "@/components/portal/app-header";
import { PortalClientState } from "@/components/portal/client-state";
import { requireSession, requireStaffContext } from "@/lib/auth/session";

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const ctx = await requireStaffContext();
  const { secondFactor } = await requireSession();
  return (
    <>
      <AppHeader
        signOut={signOutAction}
        homeHref="/admin"
        title={`Support · ${ctx.actor.role}`}
        nav={[
          { href: "/admin", label: "Customers" },
          { href: "/admin/catalog", label: "Catalogue" },
          { href: "/admin/health", label: "Health" },
          { href: "/admin/anomalies", label: "Anomaly flags" },
          { href: "/admin/deliveries", label: "Dead letters" },
          { href: "/admin/policies", label: "Policies" },
          { href: "/admin/trials", label: "Trials" },
          { href: "/admin/license-pins", label: "License PINs" },
          { href: "/admin/status", label: "Status" },
          { href: "/admin/audit", label: "Audit log" },
          ...(ctx.actor.role === "admin"
            ? [
                { href: "/admin/signing-keys", label: "Signing keys" },
                { href: "/admin/approvals", label: "Approvals" },
                { href: "/admin/bulk", label: "Bulk reissue" },
                { href: "/admin/api-tokens", label: "API tokens" },
                { href: "/admin/billing", label: "Billing" },
                { href: "/admin/webhooks", label: "Vendor webhooks" },
                { href: "/admin/releases", label: "Releases" },
              ]
            : []),
          { href: "/admin/security", label: "Your security" },
        ]}
        inlineCount={6}
        email={ctx.actor.email}
      />
      <SecondFactorBanner secondFactor={secondFactor} />
      <main id="main" className="mx-auto max-w-6xl px-4 py-8">
        <PortalClientState>{children}</PortalClientState>
      </main>
    </>
  );
}
