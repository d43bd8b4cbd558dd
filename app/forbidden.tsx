import { Link } from "@/components/ui/link";

export default function Forbidden() {
  return (
    <main id="main" className="mx-auto max-w-md px-4 py-24 text-center">
      <p className="text-sm font-semibold text-brand-700">403</p>
      <h1 className="mt-2 text-2xl font-bold">You don&apos;t have access to this page</h1>
      <p className="mt-2 text-sm text-slate-600">
        This area is for Rekey support staff. If you need help with a license, contact support.
      </p>
      <Link href="/" className="mt-6 inline-block text-sm font-medium text-brand-700 underline">
        Back to your licenses
      </Link>
    </main>
  );
}
