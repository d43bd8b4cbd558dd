import { Link } from "@/components/ui/link";
import { AppNav, type NavItem } from "./app-nav";

/**
 * `inlineCount`: how many menu items fit in the bar on a wide screen; the rest open from "More".
 * `signOut`: the layout's server action (components never import app/).
 */
export function AppHeader({
  homeHref,
  title,
  nav,
  inlineCount,
  email,
  extra,
  signOut,
}: {
  homeHref: string;
  title: string;
  nav: NavItem[];
  inlineCount?: number;
  email: string;
  extra?: React.ReactNode;
  signOut: () => Promise<void>;
}) {
  return (
    <header className="relative border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
        <Link href={homeHref} className="text-lg font-bold tracking-tight text-brand-700">
          Rekey
        </Link>
        <span className="min-w-0 truncate text-sm text-slate-500">{title}</span>
        {nav.length > 0 ? <AppNav items={nav} inlineCount={inlineCount} /> : null}
        <div className="ml-auto flex min-w-0 items-center gap-3 text-sm">
          {extra}
          <span className="hidden truncate text-slate-600 sm:inline">{email}</span>
          <form action={signOut}>
            <button type="submit" className="rounded-md px-2 py-1 font-medium text-slate-700 hover:bg-slate-100">
              Sign out
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}
