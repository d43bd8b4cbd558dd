"use client";

import { Link } from "@/components/ui/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { StaffForm } from "@/components/admin/staff-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { FormAction } from "@/lib/auth/action";
import { RELEASE_ARCHES, RELEASE_PLATFORMS } from "@/lib/validations/releases";

/** The admin release forms (issue 19): draft a release, add its files, publish or yank it. */

type Choice = { id: string; label: string };

export function NewReleaseForm({
  products,
  editions,
  features,
  action,
}: {
  products: Choice[];
  editions: Choice[];
  features: Choice[];
  action: FormAction<{ id: string; version: string }>;
}) {
  return (
    <StaffForm
      action={action}
      submitLabel="Draft release"
      pendingLabel="Drafting…"
      reasonPlaceholder="e.g. 2.4 ships on Monday"
      success={(release) => (
        <>
          Drafted.{" "}
          <Link className="font-medium underline" href={`/admin/releases/${release.id}`}>
            Open {release.version}
          </Link>{" "}
          to add its files and publish it.
        </>
      )}
    >
      {(errors) => (
        <>
          <Field label="Product" name="release-product" errors={errors?.productId}>
            {(props) => (
              <select {...props} name="productId">
                {products.map((product) => (
                  <option key={product.id} value={product.id}>
                    {product.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label="Version"
            name="release-version"
            errors={errors?.version}
            hint="Semantic version, e.g. 2.4.1 or 3.0.0-beta.2."
          >
            {(props) => (
              <input {...props} name="version" placeholder="e.g. 2.4.1" autoCapitalize="none" spellCheck={false} />
            )}
          </Field>
          <Field label="Channel" name="release-channel" errors={errors?.channel} hint="stable, beta, …">
            {(props) => (
              <input {...props} name="channel" defaultValue="stable" autoCapitalize="none" spellCheck={false} />
            )}
          </Field>
          <Field label="Required edition (optional)" name="release-edition" errors={errors?.requiredEditionId}>
            {(props) => (
              <select {...props} name="requiredEditionId">
                <option value="">Every edition of the product</option>
                {editions.map((edition) => (
                  <option key={edition.id} value={edition.id}>
                    {edition.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Required feature (optional)" name="release-feature" errors={errors?.requiredFeatureId}>
            {(props) => (
              <select {...props} name="requiredFeatureId">
                <option value="">No feature needed</option>
                {features.map((feature) => (
                  <option key={feature.id} value={feature.id}>
                    {feature.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div className="flex items-center gap-2 self-end">
            <input id="release-keeps-yanked" type="checkbox" name="keepsYankedDownloads" />
            <label htmlFor="release-keeps-yanked" className="text-sm text-slate-800">
              Keep downloadable if yanked
            </label>
          </div>
          <div className="sm:col-span-2">
            <Field label="Release notes (Markdown)" name="release-notes" errors={errors?.notes}>
              {(props) => <textarea {...props} name="notes" rows={5} />}
            </Field>
          </div>
        </>
      )}
    </StaffForm>
  );
}

/**
 * Streams the chosen file to the upload route as the request body (a PUT of the File itself, which
 * the browser reads from disk as it sends), so neither the browser nor the server holds it whole.
 */
export function ArtifactUploadForm({ releaseId }: { releaseId: string }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [isUploading, setIsUploading] = useState(false);
  async function upload(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) {
      setMessage({ tone: "error", text: "Choose a file to upload." });
      return;
    }
    setIsUploading(true);
    setMessage(null);
    const query = new URLSearchParams({
      platform: String(form.get("platform")),
      arch: String(form.get("arch")),
      fileName: file.name,
    });
    try {
      const response = await fetch(`/api/v1/manage/releases/${releaseId}/artifacts?${query}`, {
        method: "PUT",
        headers: { "content-type": "application/octet-stream" },
        body: file,
      });
      const answer = await response.json();
      if (response.ok) {
        setMessage({ tone: "success", text: `Uploaded ${answer.fileName}: SHA-256 ${answer.sha256}.` });
        router.refresh();
      } else setMessage({ tone: "error", text: answer.detail ?? "The upload was refused." });
    } catch {
      setMessage({ tone: "error", text: "The upload did not finish; check the connection and try again." });
    } finally {
      setIsUploading(false);
    }
  }
  return (
    <form onSubmit={upload} className="grid gap-4 px-5 py-4 sm:grid-cols-3">
      <Field label="Platform" name="artifact-platform">
        {(props) => (
          <select {...props} name="platform">
            {RELEASE_PLATFORMS.map((platform) => (
              <option key={platform}>{platform}</option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Architecture" name="artifact-arch">
        {(props) => (
          <select {...props} name="arch">
            {RELEASE_ARCHES.map((arch) => (
              <option key={arch}>{arch}</option>
            ))}
          </select>
        )}
      </Field>
      <Field label="File" name="artifact-file">
        {(props) => <input {...props} type="file" name="file" />}
      </Field>
      <div className="sm:col-span-3">
        {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
        <Button type="submit" disabled={isUploading} className="mt-2">
          {isUploading ? "Uploading…" : "Upload file"}
        </Button>
      </div>
    </form>
  );
}

export function ReleaseStateForm({
  releaseId,
  action,
  submitLabel,
  pendingLabel,
}: {
  releaseId: string;
  action: FormAction<{ version: string }>;
  submitLabel: string;
  pendingLabel: string;
}) {
  return (
    <StaffForm
      action={action}
      submitLabel={submitLabel}
      pendingLabel={pendingLabel}
      success={(release) => `${release.version}: done.`}
    >
      {() => <input type="hidden" name="releaseId" value={releaseId} />}
    </StaffForm>
  );
}
