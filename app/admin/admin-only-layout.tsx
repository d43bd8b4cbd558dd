import { requireAdminContext } from "@/lib/auth/session";

/**
 * Guards the admin-only sections (approvals, bulk runs, signing keys) in a layout, not their
 * pages: a layout under app/admin renders before any loading boundary streams, so support staff get
 * a real HTTP 403 (app/admin/forbidden.tsx) instead of a 200 whose body later says no.
 */
export default async function AdminOnlyLayout({ children }: { children: React.ReactNode }) {
  await requireAdminContext();
  return children;
}
