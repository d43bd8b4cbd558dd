import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Time } from "@/components/ui/time";
import type { ArtifactSummary, listLicenseDownloads } from "@/lib/releases";

const PLATFORM_NAMES: Record<string, string> = {
  linux: "Linux",
  macos: "macOS",
  windows: "Windows",
  any: "Any platform",
};

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

function ArtifactRow({
  downloadsPath,
  artifact,
  version,
}: {
  downloadsPath: string;
  artifact: ArtifactSummary;
  version: string;
}) {
  const href = `${downloadsPath}/${artifact.id}`;
  return (
    <li className="flex flex-col gap-1 py-3 sm:flex-row sm:items-start sm:justify-between">
      <div className="min-w-0">
        <p className="text-sm font-medium text-slate-900">
          {PLATFORM_NAMES[artifact.platform] ?? artifact.platform} · {artifact.arch} · {formatSize(artifact.sizeBytes)}
        </p>
        <p className="break-all font-mono text-xs text-slate-600">SHA-256 {artifact.sha256}</p>
      </div>
      <div className="flex shrink-0 gap-3 text-sm">
        <a className="font-medium text-indigo-700 underline" href={href} download>
          Download {artifact.fileName}
          <span className="sr-only"> (version {version})</span>
        </a>
        <a className="text-indigo-700 underline" href={`${href}?file=signature`} download>
          Signature<span className="sr-only"> of {artifact.fileName}</span>
        </a>
      </div>
    </li>
  );
}

/**
 * A license's releases as its Downloads page lists them (issue 19): the newest for the visitor's
 * platform first, then every release it includes with notes, files and signatures. The customer's
 * portal and a seat holder's view (issue 18) link the files under their own `downloadsPath`.
 */
export function LicenseReleaseList({
  downloads: { releases, latestForPlatform },
  downloadsPath,
  platform,
  now,
}: {
  downloads: Awaited<ReturnType<typeof listLicenseDownloads>>;
  downloadsPath: string;
  platform: string | null;
  now: Date;
}) {
  return (
    <>
      {latestForPlatform ? (
        <Card aria-labelledby="latest" className="mb-6">
          <CardHeader
            id="latest"
            title={`Latest for ${PLATFORM_NAMES[platform ?? ""] ?? platform}: ${latestForPlatform.release.version}`}
            description={
              <>
                Released <Time date={latestForPlatform.release.releasedAt} now={now} />
              </>
            }
          />
          <ul className="px-5">
            <ArtifactRow
              downloadsPath={downloadsPath}
              artifact={latestForPlatform.artifact}
              version={latestForPlatform.release.version}
            />
          </ul>
        </Card>
      ) : null}
      <Card aria-labelledby="releases">
        <CardHeader id="releases" title="All releases" />
        {releases.length === 0 ? (
          <EmptyState title="No releases yet">
            When a release your license includes is published, it appears here.
          </EmptyState>
        ) : (
          <ol className="divide-y divide-slate-200">
            {releases.map((release) => (
              <li key={release.id} className="px-5 py-4">
                <h3 className="text-sm font-semibold text-slate-900">
                  Version {release.version}{" "}
                  <span className="ml-2 rounded bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">
                    {release.channel}
                  </span>
                </h3>
                <p className="text-xs text-slate-600">
                  Released <Time date={release.releasedAt} now={now} />
                </p>
                {release.notes ? (
                  <div
                    className="prose prose-sm mt-2 max-w-none text-slate-700"
                    // Safe by construction: renderReleaseNotes escapes raw HTML and unsafe links (lib/releases/render-release-notes.ts).
                    // biome-ignore lint/security/noDangerouslySetInnerHtml: rendered by the one safe notes renderer
                    dangerouslySetInnerHTML={{ __html: release.notesHtml }}
                  />
                ) : null}
                <ul className="mt-2 divide-y divide-slate-100">
                  {release.artifacts.map((artifact) => (
                    <ArtifactRow
                      key={artifact.id}
                      downloadsPath={downloadsPath}
                      artifact={artifact}
                      version={release.version}
                    />
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        )}
      </Card>
    </>
  );
}
