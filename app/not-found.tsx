import { Link } from "@/components/ui/link";

export default function NotFoundPage() {
  return (
    <main id="main" className="mx-auto max-w-md px-4 py-24 text-center">
      <p className="text-sm font-semibold text-brand-700">404</p>
      <h1 className="mt-2 text-2xl font-bold">We can&apos;t find that page</h1>
      <p className="mt-2 text-sm text-slate-600">
        It may have moved, or it belongs to an organization you&apos;re not a member of.
      </p>
      <Link href="/" className="mt-6 inline-block text-sm font-medium text-brand-700 underline">
        Back to your licenses
      </Link>
    </main>
  );
}
