import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { NewReleaseForm } from "@/components/admin/release-forms";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { SimpleTable } from "@/components/ui/simple-table";
import { requireAdminContext } from "@/lib/auth/session";
import { listReleaseChoices, listReleases } from "@/lib/releases";
import { createReleaseAction } from "./actions";

export const metadata: Metadata = { title: "Releases" };

export default async function ReleasesPage() {
  const ctx = await requireAdminContext();
  const [releases, choices] = await Promise.all([listReleases(ctx), listReleaseChoices(ctx)]);
  return (
    <>
      <PageHeader
        title="Releases"
        description="Versions of each product with their files. Customers see a published release on their license's Downloads page when their edition and features include it."
      />
      <div className="space-y-6">
        <Card aria-labelledby="releases">
          <CardHeader id="releases" title="All releases" />
          {releases.length === 0 ? (
            <EmptyState title="No releases yet">Draft the first one below.</EmptyState>
          ) : (
            <SimpleTable caption="Releases" headings={["Release", "Channel", "State", "For", "Files", "Downloads"]}>
              {releases.map((release) => (
                <tr key={release.id}>
                  <td className="px-5 py-3">
                    <Link className="font-medium text-brand-700 hover:underline" href={`/admin/releases/${release.id}`}>
                      {release.productName} {release.version}
                    </Link>
                  </td>
                  <td className="px-5 py-3">{release.channel}</td>
                  <td className="px-5 py-3">{release.state}</td>
                  <td className="px-5 py-3">
                    {[release.requiredEdition, release.requiredFeature].filter(Boolean).join(" + ") || "Every license"}
                  </td>
                  <td className="px-5 py-3">{release.artifactCount}</td>
                  <td className="px-5 py-3">{release.downloadCount}</td>
                </tr>
              ))}
            </SimpleTable>
          )}
        </Card>
        {choices.products.length > 0 ? (
          <Card aria-labelledby="new-release">
            <CardHeader id="new-release" title="New release" />
            <NewReleaseForm {...choices} action={createReleaseAction} />
          </Card>
        ) : null}
      </div>
    </>
  );
}
