import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { NewLicenseForm } from "@/components/admin/provisioning-forms";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaffContext } from "@/lib/auth/session";
import { listEditions } from "@/lib/catalog";
import { NotFound } from "@/lib/errors";
import { isTrialEdition } from "@/lib/licensing";
import { findOrganization } from "@/lib/orgs";
import { createLicenseAction } from "./actions";

export const metadata: Metadata = { title: "New license · Support" };

async function loadCustomer(orgId: string) {
  const ctx = await requireStaffContext();
  if (!z.uuid().safeParse(orgId).success) notFound();
  try {
    return { org: await findOrganization(ctx, orgId), editions: await listEditions(ctx.db) };
  } catch (error) {
    if (error instanceof NotFound) notFound();
    throw error;
  }
}

export default async function NewLicensePage({ params }: { params: Promise<{ orgId: string }> }) {
  const { org, editions } = await loadCustomer((await params).orgId);
  const choices = editions.map((edition) => ({
    id: edition.id,
    label: `${edition.productName} — ${edition.name}${isTrialEdition(edition.code) ? " (trial)" : ""}`,
    defaultSeats: edition.defaultSeats,
    defaultTermDays: edition.defaultTermDays,
    defaultOfflineGraceDays: edition.defaultOfflineGraceDays,
    entitlements: edition.entitlements,
  }));
  return (
    <>
      <PageHeader
        eyebrow={
          <Link href={`/admin/customers/${org.id}`} className="hover:underline">
            ← {org.name}
          </Link>
        }
        title={`New license for ${org.name}`}
        description="The license gets its edition's entitlements and an active key at once; the owners are emailed that it is ready (the key itself is only shown to them in the portal). A trial is a license of a product's trial edition."
      />
      <Card>
        {choices.length === 0 ? (
          <EmptyState title="The catalogue is empty">
            An admin adds products and editions in the{" "}
            <Link className="font-medium text-brand-700 underline" href="/admin/catalog">
              Catalogue
            </Link>{" "}
            first.
          </EmptyState>
        ) : (
          <NewLicenseForm orgId={org.id} editions={choices} action={createLicenseAction} />
        )}
      </Card>
    </>
  );
}
