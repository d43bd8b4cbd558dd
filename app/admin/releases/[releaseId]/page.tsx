import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ArtifactUploadForm, ReleaseStateForm } from "@/components/admin/release-forms";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { SimpleTable } from "@/components/ui/simple-table";
import { requireAdminContext } from "@/lib/auth/session";
import { viewerOf } from "@/lib/auth/viewer";
import { NotFound } from "@/lib/errors";
import { findRelease, releaseMachine, renderReleaseNotes } from "@/lib/releases";
import { availableActions } from "@/lib/state-machine";
import { publishReleaseAction, yankReleaseAction } from "../actions";

export const metadata: Metadata = { title: "Release" };

/** The moves the page offers; each shows only where the machine allows it. */
const STATE_CHANGES = [
  {
    action: "publish",
    title: "Publish",
    description: "Entitled licenses see it on their Downloads page at once.",
    formAction: publishReleaseAction,
    submitLabel: "Publish release",
    pendingLabel: "Publishing…",
  },
  {
    action: "yank",
    title: "Yank",
    description: "Withdraws it: never offered as latest or as an update again.",
    formAction: yankReleaseAction,
    submitLabel: "Yank release",
    pendingLabel: "Yanking…",
  },
] as const;

async function loadRelease(releaseId: string) {
  const ctx = await requireAdminContext();
  try {
    return { ctx, release: await findRelease(ctx.db, releaseId) };
  } catch (error) {
    if (error instanceof NotFound) notFound();
    throw error;
  }
}

export default async function ReleasePage({ params }: { params: Promise<{ releaseId: string }> }) {
  const { releaseId } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(releaseId)) notFound();
  const { ctx, release } = await loadRelease(releaseId);
  const actions = availableActions(releaseMachine, release, viewerOf(ctx));
  return (
    <>
      <PageHeader
        title={`Release ${release.version}`}
        description={`${release.channel} channel · ${release.state}${release.keepsYankedDownloads ? " · stays downloadable if yanked" : ""}`}
      />
      <div className="space-y-6">
        <Card aria-labelledby="files">
          <CardHeader id="files" title="Files" />
          {release.artifacts.length === 0 ? (
            <EmptyState title="No files yet">Upload one per platform and architecture before publishing.</EmptyState>
          ) : (
            <SimpleTable caption="Files" headings={["File", "Platform", "Size", "SHA-256", "Downloads"]}>
              {release.artifacts.map((artifact) => (
                <tr key={artifact.id}>
                  <td className="px-5 py-3 font-mono text-xs">{artifact.fileName}</td>
                  <td className="px-5 py-3">
                    {artifact.platform} {artifact.arch}
                  </td>
                  <td className="px-5 py-3">{artifact.sizeBytes.toLocaleString("en")} bytes</td>
                  <td className="break-all px-5 py-3 font-mono text-xs">{artifact.sha256}</td>
                  <td className="px-5 py-3">{artifact.downloadCount}</td>
                </tr>
              ))}
            </SimpleTable>
          )}
          {actions.has("addArtifact") ? <ArtifactUploadForm releaseId={release.id} /> : null}
        </Card>
        {release.notes ? (
          <Card aria-labelledby="notes">
            <CardHeader id="notes" title="Notes" />
            <div
              className="prose prose-sm max-w-none px-5 py-4"
              // biome-ignore lint/security/noDangerouslySetInnerHtml: rendered by the one safe notes renderer (lib/releases/render-release-notes.ts)
              dangerouslySetInnerHTML={{ __html: renderReleaseNotes(release.notes) }}
            />
          </Card>
        ) : null}
        {STATE_CHANGES.filter((change) => actions.has(change.action)).map((change) => (
          <Card key={change.action} aria-labelledby={change.action}>
            <CardHeader id={change.action} title={change.title} description={change.description} />
            <ReleaseStateForm
              releaseId={release.id}
              action={change.formAction}
              submitLabel={change.submitLabel}
              pendingLabel={change.pendingLabel}
            />
          </Card>
        ))}
      </div>
    </>
  );
}
