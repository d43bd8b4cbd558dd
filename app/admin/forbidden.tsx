import { Link } from "@/components/ui/link";
import { getSessionUser } from "@/lib/auth/session";

/**
 * Staff who reach a page above their role (support on an admin page): says which role the page
 * needs and which one they have. Customers never get here; the admin layout sends them to the root 403.
 */
export default async function StaffForbidden() {
  const user = await getSessionUser();
  return (
    <div className="mx-auto max-w-md py-16 text-center">
      <p className="text-sm font-semibold text-brand-700">403</p>
      <h1 className="mt-2 text-2xl font-bold">This page needs the admin role</h1>
      <p className="mt-2 text-sm text-slate-600">
        You are {user?.staffRole ?? "not"} staff. Ask an admin to do this, or to give you the admin role.
      </p>
      <Link href="/admin" className="mt-6 inline-block text-sm font-medium text-brand-700 underline">
        Back to the admin home
      </Link>
    </div>
  );
}
