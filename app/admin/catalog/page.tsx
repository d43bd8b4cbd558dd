import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { NewProductForm } from "@/components/admin/provisioning-forms";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { SimpleTable } from "@/components/ui/simple-table";
import { requireStaffContext } from "@/lib/auth/session";
import { listProducts } from "@/lib/catalog";
import { catalogSearchSchema } from "@/lib/validations/catalog";
import { createProductAction } from "./actions";

export const metadata: Metadata = { title: "Catalogue" };

export default async function CataloguePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requireStaffContext();
  const input = catalogSearchSchema.parse(await searchParams);
  const result = await listProducts(ctx, input);
  const isAdmin = ctx.actor.role === "admin";
  const pageHref = (page: number) => `/admin/catalog?${new URLSearchParams({ q: input.q, page: String(page) })}`;
  return (
    <>
      <PageHeader
        title="Catalogue"
        description="Products, their features and editions: what licenses are issued from. Admins change it; support issues licenses from it."
      />
      <div className="space-y-6">
        <Card aria-labelledby="products">
          <CardHeader id="products" title="Products" />
          <form role="search" action="/admin/catalog" className="flex gap-2 border-b border-slate-200 px-5 py-3">
            <label htmlFor="catalog-q" className="sr-only">
              Search products
            </label>
            <input
              id="catalog-q"
              name="q"
              type="search"
              defaultValue={input.q}
              placeholder="Product name or code"
              className="block w-full max-w-sm rounded-md px-3 py-2 text-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600"
            />
            <button
              type="submit"
              className="rounded-md bg-white px-3 py-2 text-sm font-semibold ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
            >
              Search
            </button>
          </form>
          {result.rows.length === 0 ? (
            <EmptyState title={input.q ? `No product matches “${input.q}”` : "No products yet"}>
              {isAdmin && !input.q ? "Add the first one below." : null}
            </EmptyState>
          ) : (
            <>
              <SimpleTable caption="Products" headings={["Product", "Code", "Editions"]}>
                {result.rows.map((product) => (
                  <tr key={product.id}>
                    <td className="px-5 py-3">
                      <Link
                        className="font-medium text-brand-700 hover:underline"
                        href={`/admin/catalog/${product.id}`}
                      >
                        {product.name}
                      </Link>
                      {product.description ? <div className="text-xs text-slate-500">{product.description}</div> : null}
                    </td>
                    <td className="px-5 py-3 font-mono text-xs">{product.code}</td>
                    <td className="px-5 py-3">{product.editionCount}</td>
                  </tr>
                ))}
              </SimpleTable>
              <Pagination
                total={result.total}
                page={result.page}
                pageCount={result.pageCount}
                href={pageHref}
                noun={["product", "products"]}
              />
            </>
          )}
        </Card>
        {isAdmin ? (
          <Card aria-labelledby="new-product">
            <CardHeader id="new-product" title="New product" />
            <NewProductForm action={createProductAction} />
          </Card>
        ) : null}
      </div>
    </>
  );
}
