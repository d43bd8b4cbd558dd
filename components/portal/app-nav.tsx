"use client";

import { Link } from "@/components/ui/link";
import { usePathname } from "next/navigation";
import { useId, useState } from "react";
import { cn } from "@/components/ui/cn";

export interface NavItem {
  href: string;
  label: string;
}

/**
 * The menu item the current page belongs to: the longest href the path starts with, so a license
 * page marks "Licenses" (`/`) and `/admin/catalog/…` marks "Catalogue", not "Customers" (`/admin`).
 */
export function currentNavHref(items: NavItem[], pathname: string): string | undefined {
  return items
    .filter((item) => pathname === item.href || pathname.startsWith(item.href === "/" ? "/" : `${item.href}/`))
    .sort((a, b) => b.href.length - a.href.length)[0]?.href;
}

const linkClass =
  "block rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 aria-[current=page]:bg-brand-50 aria-[current=page]:text-brand-700";
const toggleClass =
  "rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-100";

/**
 * The main menu (issue 16, items 1 and 6): on a phone one "Menu" button opens every item as a list,
 * so no header is wider than the screen; from `lg` up the first `inlineCount` items sit in the bar
 * and the rest open from "More", so the admin menu's dozen-plus items never wrap onto a second line.
 * The current page's item carries aria-current="page". Opening a link closes the menu (the path changes).
 */
export function AppNav({ items, inlineCount = items.length }: { items: NavItem[]; inlineCount?: number }) {
  const pathname = usePathname();
  const currentHref = currentNavHref(items, pathname);
  const [open, setOpen] = useState<{ menu: "all" | "more"; at: string } | null>(null);
  const openMenu = open?.at === pathname ? open.menu : null;
  const menuId = useId();
  const moreId = useId();
  const toggle = (menu: "all" | "more") => setOpen(openMenu === menu ? null : { menu, at: pathname });
  const inline = items.slice(0, inlineCount);
  const more = items.slice(inlineCount);
  const renderLinks = (list: NavItem[]) =>
    list.map((item) => (
      <li key={item.href}>
        <Link href={item.href} aria-current={item.href === currentHref ? "page" : undefined} className={linkClass}>
          {item.label}
        </Link>
      </li>
    ));

  return (
    <nav aria-label="Main">
      <button
        type="button"
        className={cn(toggleClass, "lg:hidden")}
        aria-expanded={openMenu === "all"}
        aria-controls={menuId}
        onClick={() => toggle("all")}
      >
        Menu
      </button>
      <ul
        id={menuId}
        className={cn(
          openMenu === "all" ? "grid" : "hidden",
          "absolute inset-x-0 top-full z-20 gap-1 border-b border-slate-200 bg-white px-4 py-2 shadow-md lg:hidden",
        )}
      >
        {renderLinks(items)}
      </ul>
      <ul className="hidden items-center gap-1 lg:flex">
        {renderLinks(inline)}
        {more.length > 0 ? (
          <li className="relative">
            <button
              type="button"
              // The current page may sit under "More": the button then carries its mark, so the bar always shows where you are.
              className={cn(
                toggleClass,
                more.some((item) => item.href === currentHref) && "bg-brand-50 text-brand-700 ring-brand-300",
              )}
              aria-expanded={openMenu === "more"}
              aria-controls={moreId}
              onClick={() => toggle("more")}
            >
              More
            </button>
            <ul
              id={moreId}
              className={cn(
                openMenu === "more" ? "block" : "hidden",
                "absolute right-0 z-20 mt-1 w-48 space-y-1 rounded-md bg-white p-1 shadow-lg ring-1 ring-slate-200",
              )}
            >
              {renderLinks(more)}
            </ul>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
