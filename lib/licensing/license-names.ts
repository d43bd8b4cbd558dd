import { eq } from "drizzle-orm";
import type { PgSelect } from "drizzle-orm/pg-core";
import { licenses, organizations, products } from "@/lib/db/schema";

/** What staff lists call a license by: its customer's name and its product's (see `joinLicenseNames`). */
export const licenseNames = { orgName: organizations.name, productName: products.name };

/** Joins the customer and the product onto a staff query that already reads `licenses`. */
export function joinLicenseNames<Query extends PgSelect>(query: Query) {
  return query
    .innerJoin(organizations, eq(organizations.id, licenses.orgId))
    .innerJoin(products, eq(products.id, licenses.productId));
}
