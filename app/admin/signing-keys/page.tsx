import { TableScroll } from "@/components/ui/simple-table";
import type { Metadata } from "next";
import { StaffReasonFields } from "@/components/admin/staff-reason-fields";
import { ActionDialog } from "@/components/ui/action-dialog";
import { Badge, type Tone } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Time } from "@/components/ui/time";
import { requireAdminContext } from "@/lib/auth/session";
import { appServices } from "@/lib/config/server";
import {
  listSigningKeyScopes,
  SIGNING_ALGORITHMS,
  type SigningKeyAction,
  signingKeyMachine,
  type SigningKeyView,
} from "@/lib/signing";
import {
  activateSigningKeyAction,
  generateSigningKeyAction,
  holdSigningKeyRotationAction,
  releaseSigningKeyRotationAction,
  requestSigningKeyRevocationAction,
  retireSigningKeyAction,
} from "./actions";
import { viewerOf } from "@/lib/auth/viewer";
import { availableActions } from "@/lib/state-machine";

export const metadata: Metadata = { title: "Signing keys" };

/** The four-eyes policy may hold signing-key actions for a second admin (issue 22). */
const AWAITING_APPROVAL = "Sent for approval: nothing changes until a second admin approves it on the Approvals page.";

const STATE_TONE: Record<SigningKeyView["state"], Tone> = {
  pending: "blue",
  active: "green",
  retiring: "amber",
  retired: "slate",
  revoked: "red",
};

export default async function SigningKeysPage() {
  const ctx = await requireAdminContext();
  const { env } = appServices();
  const scopes = await listSigningKeyScopes(ctx, {
    activeDays: env.REKEY_SIGNING_KEY_ROTATE_DAYS,
    verifyOnlyDays: env.REKEY_SIGNING_KEY_VERIFY_ONLY_DAYS,
  });
  const now = ctx.now();
  const viewer = viewerOf(ctx);
  return (
    <>
      <PageHeader
        title="Signing keys"
        description="Keys that sign license files, validation answers and device leases, per scope. A new key is published as pending in /.well-known/jwks.json before it signs; the old one keeps verifying while it retires. The worker rotates each scope on its planned date and retires replaced keys after their verify-only period, unless you hold the scope. Revoking needs a second admin."
      />
      <div className="space-y-6">
        {scopes.map((scope) => (
          <Card key={scope.scope} aria-labelledby={`scope-${scope.scope}`}>
            <CardHeader
              id={`scope-${scope.scope}`}
              title={scope.label}
              description={
                scope.activeAlgorithm
                  ? `Signs with ${scope.activeAlgorithm}.`
                  : "No own key: signs with the broader scope's key."
              }
              actions={
                <ActionDialog
                  triggerLabel="Generate next key"
                  title={`Generate the next key for ${scope.label}`}
                  description="The key is published as pending right away and can be activated once clients have had time to fetch the JWKS. Choosing another algorithm migrates this scope to it."
                  confirmLabel="Generate and publish"
                  successMessage="Published as pending."
                  awaitingApprovalMessage={AWAITING_APPROVAL}
                  hidden={{ scope: scope.scope }}
                  action={generateSigningKeyAction}
                >
                  <div>
                    <label htmlFor={`algorithm-${scope.scope}`} className="block text-sm font-medium text-slate-800">
                      Algorithm
                    </label>
                    <select
                      id={`algorithm-${scope.scope}`}
                      name="algorithm"
                      defaultValue={scope.activeAlgorithm ?? "EdDSA"}
                      className="mt-1 block w-full rounded-md px-3 py-2 text-sm ring-1 ring-inset ring-slate-300"
                    >
                      {SIGNING_ALGORITHMS.map((algorithm) => (
                        <option key={algorithm} value={algorithm}>
                          {algorithm}
                        </option>
                      ))}
                    </select>
                  </div>
                  <StaffReasonFields />
                </ActionDialog>
              }
            />
            {scope.keys.length === 0 ? null : (
              <TableScroll label={`Keys of ${scope.label}`}>
                <table className="min-w-full divide-y divide-slate-200 text-sm">
                  <caption className="sr-only">Keys of {scope.label}</caption>
                  <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
                    <tr>
                      <th scope="col" className="px-5 py-3">
                        Key id
                      </th>
                      <th scope="col" className="px-5 py-3">
                        Algorithm
                      </th>
                      <th scope="col" className="px-5 py-3">
                        State
                      </th>
                      <th scope="col" className="px-5 py-3">
                        Dates
                      </th>
                      <th scope="col" className="px-5 py-3 text-right">
                        Actions
                      </th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {scope.keys.map((key) => (
                      <tr key={key.kid}>
                        <td className="px-5 py-3 align-top font-mono text-xs">{key.kid}</td>
                        <td className="px-5 py-3 align-top">{key.algorithm}</td>
                        <td className="px-5 py-3 align-top">
                          <Badge tone={STATE_TONE[key.state]}>{key.state}</Badge>
                        </td>
                        <td className="px-5 py-3 align-top text-xs text-slate-700">
                          <KeyDates signingKey={key} now={now} />
                        </td>
                        <td className="px-5 py-3 align-top">
                          <div className="flex flex-wrap justify-end gap-2">
                            <KeyActions
                              signingKey={key}
                              scopeLabel={scope.label}
                              actions={availableActions(signingKeyMachine, key, viewer)}
                            />
                          </div>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )}
          </Card>
        ))}
      </div>
    </>
  );
}

function KeyDates({ signingKey, now }: { signingKey: SigningKeyView; now: Date }) {
  const dates: [string, Date | null][] = [
    ["created", signingKey.createdAt],
    ["activated", signingKey.activatedAt],
    ["retiring since", signingKey.retiringAt],
    ["retired", signingKey.retiredAt],
    ["revoked", signingKey.revokedAt],
    ["can activate", signingKey.activatableAt],
    [signingKey.rotationHold ? "was planned to rotate" : "rotates", signingKey.rotatesAt],
    ["leaves the JWKS", signingKey.retiresAt],
  ];
  return (
    <dl className="space-y-0.5">
      {signingKey.rotationHold ? (
        <div className="flex gap-1">
          <dt className="text-slate-500">rotation held</dt>
          <dd>{signingKey.rotationHold.reason}</dd>
        </div>
      ) : null}
      {dates
        .filter((entry): entry is [string, Date] => entry[1] !== null)
        .map(([label, date]) => (
          <div key={label} className="flex gap-1">
            <dt className="text-slate-500">{label}</dt>
            <dd>
              <Time date={date} now={now} mode="relative" />
            </dd>
          </div>
        ))}
    </dl>
  );
}

function KeyActions({
  signingKey,
  scopeLabel,
  actions,
}: {
  signingKey: SigningKeyView;
  scopeLabel: string;
  actions: ReadonlySet<SigningKeyAction>;
}) {
  const fields = { kid: signingKey.kid };
  const short = signingKey.kid.slice(0, 10);
  return (
    <>
      {actions.has("activate") ? (
        <ActionDialog
          triggerLabel={`Activate ${short}`}
          title={`Activate key ${short} for ${scopeLabel}`}
          description="It starts signing now; the active key moves to retiring and keeps verifying what it signed."
          confirmLabel="Activate"
          successMessage="Activated."
          awaitingApprovalMessage={AWAITING_APPROVAL}
          hidden={fields}
          action={activateSigningKeyAction}
        >
          <StaffReasonFields />
        </ActionDialog>
      ) : null}
      {actions.has("holdRotation") ? (
        <ActionDialog
          triggerLabel={signingKey.rotationHold ? `Release rotation of ${short}` : `Hold rotation of ${short}`}
          title={
            signingKey.rotationHold
              ? `Release the scheduled rotation of ${scopeLabel}`
              : `Hold the scheduled rotation of ${scopeLabel}`
          }
          description={
            signingKey.rotationHold
              ? "The worker resumes this scope's schedule: a key past its planned date hands over on the next pass."
              : "The worker leaves this scope as it is (no activation, no retirement) until you release it."
          }
          confirmLabel={signingKey.rotationHold ? "Release" : "Hold"}
          successMessage={signingKey.rotationHold ? "Released." : "Held."}
          awaitingApprovalMessage={AWAITING_APPROVAL}
          hidden={fields}
          action={signingKey.rotationHold ? releaseSigningKeyRotationAction : holdSigningKeyRotationAction}
        >
          <StaffReasonFields />
        </ActionDialog>
      ) : null}
      {actions.has("retire") ? (
        <ActionDialog
          triggerLabel={`Retire ${short}`}
          title={`Retire key ${short}`}
          description="It leaves the JWKS: anything it signed that is still in use stops verifying. Retire only once those files and tokens have been reissued or expired."
          confirmLabel="Retire"
          successMessage="Retired."
          awaitingApprovalMessage={AWAITING_APPROVAL}
          hidden={fields}
          action={retireSigningKeyAction}
        >
          <StaffReasonFields />
        </ActionDialog>
      ) : null}
      {actions.has("requestRevocation") ? (
        <ActionDialog
          triggerLabel={`Request revocation of ${short}`}
          title={`Request revocation of key ${short}`}
          description="A second admin must approve on the Approvals page. When approved, the key leaves the JWKS at once, is published in the revocation feed, and an active key hands over to the newest pending key."
          confirmLabel="Request revocation"
          successMessage="Revocation requested; waiting for a second admin."
          hidden={fields}
          variant="danger"
          action={requestSigningKeyRevocationAction}
        >
          <StaffReasonFields />
        </ActionDialog>
      ) : null}
    </>
  );
}
