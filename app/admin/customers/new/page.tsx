import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { NewCustomerForm } from "@/components/admin/provisioning-forms";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaffContext } from "@/lib/auth/session";
import { createCustomerAction } from "./actions";

export const metadata: Metadata = { title: "New customer" };

export default async function NewCustomerPage() {
  await requireStaffContext();
  return (
    <>
      <PageHeader
        eyebrow={
          <Link href="/admin" className="hover:underline">
            ← Customers
          </Link>
        }
        title="New customer"
        description="Creates the organization and invites its first owner, who signs in from the invitation and sees every license you issue to it."
      />
      <Card>
        <NewCustomerForm action={createCustomerAction} />
      </Card>
    </>
  );
}
