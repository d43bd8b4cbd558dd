import Link from "next/link";
import { signOutAction } from "@/app/(auth)/signout/actions";

export interface NavItem {
  href: string;
  label: string;
}

export function AppHeader({ homeHref, title, nav, email, extra }: { homeHref: string; title: string; nav: NavItem[]; email: string; extra?: React.ReactNode }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link href={homeHref} className="text-lg font-bold tracking-tight text-brand-700">
          Rekey
        </Link>
        <span className="text-sm text-slate-500">{title}</span>
        <nav aria-label="Main" className="flex gap-1">
          {nav.map((item) => (
            <Link key={item.href} href={item.href} className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100">
              {item.label}
            </Link>
          ))}
        </nav>
        <div className="ml-auto flex items-center gap-3 text-sm">
          {extra}
          <span className="text-slate-600">{email}</span>
          <form action={signOutAction}>
            <button type="submit" className="rounded-md px-2 py-1 font-medium text-slate-700 hover:bg-slate-100">
              Sign out
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}
