import type { Metadata } from "next";
import { ActionFields, type ActionField } from "@/components/admin/action-fields";
import { AuditReasonFields } from "@/components/admin/staff-reason-fields";
import { ActionDialog } from "@/components/ui/action-dialog";
import { Card, CardHeader } from "@/components/ui/card";
import { formatDuration } from "@/components/ui/durations";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { SimpleTable } from "@/components/ui/simple-table";
import { ExactTime, Time } from "@/components/ui/time";
import { requireStaffContext } from "@/lib/auth/session";
import { DEFAULT_POLICY, listRotationPolicies, type PolicyCatalogue } from "@/lib/rotation";
import {
  addFreezePeriodAction,
  removeFreezePeriodAction,
  restoreRotationPolicyAction,
  saveRotationPolicyAction,
} from "./actions";

export const metadata: Metadata = { title: "Rotation policies · Support" };

type PolicyRules = typeof DEFAULT_POLICY;

function policyFields(policy: PolicyRules): ActionField[] {
  const checked = (value: boolean) => (value ? "on" : "");
  return [
    {
      name: "allowedCadenceDays",
      label: "Allowed cadences (days, comma-separated)",
      type: "text",
      defaultValue: policy.allowedCadenceDays.join(", "),
    },
    {
      name: "allowManualCadence",
      label: "Customers may choose manual rotation (no cadence)",
      type: "checkbox",
      defaultValue: checked(policy.allowManualCadence),
    },
    {
      name: "minOverlapMinutes",
      label: "Minimum overlap (minutes)",
      type: "number",
      min: 0,
      defaultValue: String(policy.minOverlapMinutes),
    },
    {
      name: "maxOverlapMinutes",
      label: "Maximum overlap (minutes)",
      type: "number",
      min: 0,
      defaultValue: String(policy.maxOverlapMinutes),
    },
    {
      name: "minNoticeDays",
      label: "Minimum notice (days)",
      type: "number",
      min: 0,
      defaultValue: String(policy.minNoticeDays),
    },
    {
      name: "maxPostponeDays",
      label: "Allowed postponement (days)",
      type: "number",
      min: 0,
      defaultValue: String(policy.maxPostponeDays),
    },
    {
      name: "allowTokenBridging",
      label: "Token bridging: old keys may be exchanged for the new one during an overlap",
      type: "checkbox",
      defaultValue: checked(policy.allowTokenBridging),
    },
    {
      name: "expiryGraceDays",
      label: "Grace after expiry (days)",
      type: "number",
      min: 0,
      defaultValue: String(policy.expiryGraceDays),
      hint: "An expired license keeps validating this long, answering that it has expired, before its features stop.",
    },
    {
      name: "maxKeyAgeDays",
      label: "Maximum key age (days)",
      type: "number",
      min: 1,
      defaultValue: policy.maxKeyAgeDays === null ? "" : String(policy.maxKeyAgeDays),
      hint: "A key older than this is rotated even on a manual cadence. Leave empty for no limit.",
    },
    {
      name: "retireUnusedKeysAfterDays",
      label: "Retire keys unused for (days)",
      type: "number",
      min: 1,
      defaultValue: policy.retireUnusedKeysAfterDays === null ? "" : String(policy.retireUnusedKeysAfterDays),
      hint: "A key no client has validated for this long is retired. Leave empty to keep idle keys.",
    },
    {
      name: "revocationUndoHours",
      label: "Revocation undo window (hours, 0 = immediate)",
      type: "number",
      min: 0,
      defaultValue: String(policy.revocationUndoHours),
    },
  ];
}

function PolicySummary({ policy, versions }: { policy: PolicyRules | null; versions: number }) {
  if (!policy) return <span className="text-slate-500">Inherits</span>;
  return (
    <span className="text-slate-700">
      v{policy.version} of {versions} · every {policy.allowedCadenceDays.join("/")} days
      {policy.allowManualCadence ? " or manual" : ""} · overlap {formatDuration(policy.minOverlapMinutes)}–
      {formatDuration(policy.maxOverlapMinutes)} · notice ≥ {policy.minNoticeDays} d · postpone ≤{" "}
      {policy.maxPostponeDays} d · bridging {policy.allowTokenBridging ? "on" : "off"} · grace {policy.expiryGraceDays}{" "}
      d · key age {policy.maxKeyAgeDays === null ? "no limit" : `≤ ${policy.maxKeyAgeDays} d`} · idle keys{" "}
      {policy.retireUnusedKeysAfterDays === null ? "kept" : `retired after ${policy.retireUnusedKeysAfterDays} d`} ·
      undo {policy.revocationUndoHours} h
    </span>
  );
}

type PolicyHistory = PolicyCatalogue[number]["productHistory"];

/**
 * Every version of one scope, newest first, with what it changed in words; any but the current one
 * can be restored (as a new version, so the history itself never changes).
 */
function PolicyHistoryList({ label, history, now }: { label: string; history: PolicyHistory; now: Date }) {
  if (history.length === 0) return null;
  return (
    <details className="px-5 py-2 text-sm">
      <summary className="cursor-pointer font-medium text-slate-800">
        History of {label}: {history.length} version{history.length === 1 ? "" : "s"}
      </summary>
      <ol className="mt-2 space-y-3" aria-label={`Versions of ${label}`}>
        {history.map(({ policy, changes }, index) => (
          <li key={policy.id} className="flex flex-wrap items-start justify-between gap-3">
            <div className="min-w-0">
              <p className="font-medium">
                Version {policy.version}
                {index === 0 ? " (current)" : ""}{" "}
                <span className="font-normal text-slate-500">
                  saved <Time date={policy.createdAt} now={now} mode="relative" />
                </span>
              </p>
              {changes.length === 0 ? (
                <p className="text-slate-500">No change to the rules.</p>
              ) : (
                <ul className="list-disc pl-5 text-slate-700">
                  {changes.map((change) => (
                    <li key={change}>{change}</li>
                  ))}
                </ul>
              )}
            </div>
            {index > 0 ? (
              <ActionDialog
                triggerLabel={`Restore version ${policy.version}`}
                title={`Restore version ${policy.version} of ${label}?`}
                impact={
                  <p>
                    Saves version {history[0]!.policy.version + 1} with the rules of version {policy.version}. Planned
                    rotations keep their current version.
                  </p>
                }
                hidden={{ policyId: policy.id }}
                confirmLabel="Restore as new version"
                successMessage="Restored as a new version."
                action={restoreRotationPolicyAction}
              >
                <AuditReasonFields />
              </ActionDialog>
            ) : null}
          </li>
        ))}
      </ol>
    </details>
  );
}

export default async function RotationPoliciesPage() {
  const ctx = await requireStaffContext();
  const catalogue = await listRotationPolicies(ctx);
  const now = ctx.now();
  return (
    <>
      <PageHeader
        title="Rotation policies"
        description="What customers may choose for each product and edition. Saving creates a new version: rotations keep the version they were planned under, and customer choices are checked against the newest."
      />
      {catalogue.length === 0 ? (
        <Card>
          <EmptyState title="No products yet" />
        </Card>
      ) : null}
      <div className="space-y-6">
        {catalogue.map(({ product, productPolicy, productVersions, productHistory, editions, freezes }) => {
          const productRules = productPolicy ?? DEFAULT_POLICY;
          return (
            <Card key={product.id} aria-labelledby={`policy-${product.id}`}>
              <CardHeader
                id={`policy-${product.id}`}
                title={product.name}
                description={<code className="text-xs">{product.code}</code>}
              />
              <SimpleTable caption={`Policies of ${product.name}`} headings={["Scope", "Current policy", ""]}>
                {[
                  {
                    key: "product",
                    label: "All editions",
                    editionId: "",
                    policy: productPolicy,
                    versions: productVersions,
                    base: productRules,
                  },
                  ...editions.map(({ edition, policy, versions }) => ({
                    key: edition.id,
                    label: edition.name,
                    editionId: edition.id,
                    policy,
                    versions,
                    base: policy ?? productRules,
                  })),
                ].map((scope) => (
                  <tr key={scope.key}>
                    <td className="px-5 py-3 align-top font-medium">{scope.label}</td>
                    <td className="px-5 py-3 align-top">
                      {scope.key === "product" && !scope.policy ? (
                        <span className="text-slate-500">Built-in default</span>
                      ) : (
                        <PolicySummary policy={scope.policy} versions={scope.versions} />
                      )}
                    </td>
                    <td className="px-5 py-3 text-right align-top">
                      <ActionDialog
                        triggerLabel={`Edit ${product.name} ${scope.label} policy`}
                        title={`New policy version: ${product.name}, ${scope.label}`}
                        impact={
                          <p>
                            Creates version {scope.versions + 1}. Planned rotations keep their current version;
                            customers' next changes are checked against this one.
                          </p>
                        }
                        hidden={{ productId: product.id, editionId: scope.editionId }}
                        confirmLabel="Save new version"
                        successMessage="Saved as a new version."
                        action={saveRotationPolicyAction}
                      >
                        <ActionFields fields={policyFields(scope.base)} />
                        <AuditReasonFields />
                      </ActionDialog>
                    </td>
                  </tr>
                ))}
              </SimpleTable>
              <div className="border-t border-slate-200 py-2">
                <PolicyHistoryList label={`${product.name}, all editions`} history={productHistory} now={now} />
                {editions.map(({ edition, history }) => (
                  <PolicyHistoryList
                    key={edition.id}
                    label={`${product.name}, ${edition.name}`}
                    history={history}
                    now={now}
                  />
                ))}
              </div>
              <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-5 py-4">
                <h3 className="text-sm font-semibold text-slate-900">Freeze periods (no planned rotations)</h3>
                <ActionDialog
                  triggerLabel={`Add freeze for ${product.name}`}
                  title={`Add a freeze period for ${product.name}`}
                  impact={
                    <p>Scheduled rotations are planned outside this period. Rotations already planned are not moved.</p>
                  }
                  hidden={{ productId: product.id }}
                  confirmLabel="Add freeze"
                  successMessage="Freeze added."
                  action={addFreezePeriodAction}
                >
                  <ActionFields
                    fields={[
                      { name: "label", label: "Name", type: "text" },
                      { name: "startsAt", label: "First day (UTC)", type: "date" },
                      { name: "endsAt", label: "Last day (UTC)", type: "date" },
                    ]}
                  />
                  <AuditReasonFields />
                </ActionDialog>
              </div>
              {freezes.length === 0 ? (
                <p className="px-5 pb-4 text-sm text-slate-500">No freeze periods.</p>
              ) : (
                <ul className="divide-y divide-slate-100 px-5 pb-4 text-sm">
                  {freezes.map((freeze) => (
                    <li key={freeze.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                      <span>
                        <span className="font-medium">{freeze.reason}</span>: <ExactTime date={freeze.startsAt} /> –{" "}
                        <ExactTime date={freeze.endsAt} />{" "}
                        <span className="text-slate-500">
                          (<Time date={freeze.startsAt} now={now} mode="relative" />)
                        </span>
                      </span>
                      <ActionDialog
                        triggerLabel={`Remove freeze ${freeze.reason}`}
                        title="Remove this freeze period?"
                        impact={<p>Scheduled rotations may be planned in this period again.</p>}
                        hidden={{ freezeId: freeze.id }}
                        confirmLabel="Remove freeze"
                        successMessage="Freeze removed."
                        variant="danger"
                        action={removeFreezePeriodAction}
                      >
                        <AuditReasonFields />
                      </ActionDialog>
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          );
        })}
      </div>
    </>
  );
}
