import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { LicenseStatusBadge } from "@/components/portal/license-status";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { SimpleTable } from "@/components/ui/simple-table";
import { Time } from "@/components/ui/time";
import { requireHolderContext } from "@/lib/auth/session";
import { heldLicensePath, listHeldLicenses } from "@/lib/seats";

export const metadata: Metadata = { title: "Licenses assigned to me" };

/** Issue 18: the licenses this person holds a seat of, from whichever organizations gave them one. */
export default async function HeldLicensesPage() {
  const { ctx } = await requireHolderContext();
  const held = await listHeldLicenses(ctx);
  const now = ctx.now();
  return (
    <>
      <PageHeader
        title="Licenses assigned to me"
        description="Licenses an organization gave you a seat of. Open one for your seat token, key and license file."
      />
      <Card>
        {held.length === 0 ? (
          <EmptyState title="No licenses assigned to you">
            When an owner gives you a seat of a license, it appears here and you get an email.
          </EmptyState>
        ) : (
          <SimpleTable caption="Licenses assigned to me" headings={["Product", "Edition", "From", "Status", "Expires"]}>
            {held.map((license) => (
              <tr key={license.id}>
                <td className="px-5 py-3 font-medium">
                  <Link href={heldLicensePath(license.id)} className="text-brand-700 hover:underline">
                    {license.productName}
                  </Link>
                </td>
                <td className="px-5 py-3 text-slate-700">{license.editionName}</td>
                <td className="px-5 py-3 text-slate-700">{license.orgName}</td>
                <td className="px-5 py-3">
                  <LicenseStatusBadge status={license.status} />
                </td>
                <td className="px-5 py-3 text-slate-700">
                  {license.expiresAt ? <Time date={license.expiresAt} now={now} /> : "Never"}
                </td>
              </tr>
            ))}
          </SimpleTable>
        )}
      </Card>
    </>
  );
}
