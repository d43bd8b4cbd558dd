"use client";

import { Link } from "@/components/ui/link";
import { useState } from "react";
import { StaffForm } from "@/components/admin/staff-form";
import { Field } from "@/components/ui/field";
import type { FormAction } from "@/lib/auth/action";

/** The admin catalogue and customer forms (issue 15). Each posts to one wrapped staff action. */

export function NewProductForm({ action }: { action: FormAction<{ id: string; name: string }> }) {
  return (
    <StaffForm
      action={action}
      submitLabel="Add product"
      pendingLabel="Adding…"
      reasonPlaceholder="e.g. new product launching in Q1"
      success={(product) => (
        <>
          Added.{" "}
          <Link className="font-medium underline" href={`/admin/catalog/${product.id}`}>
            Open {product.name}
          </Link>{" "}
          to add its features and editions.
        </>
      )}
    >
      {(errors) => (
        <>
          <Field label="Name" name="product-name" errors={errors?.name}>
            {(props) => <input {...props} name="name" placeholder="e.g. Studio" />}
          </Field>
          <Field
            label="Code"
            name="product-code"
            errors={errors?.code}
            hint="What client software sends as “product” and license files carry as their audience. Cannot be changed later."
          >
            {(props) => (
              <input {...props} name="code" placeholder="e.g. studio" autoCapitalize="none" spellCheck={false} />
            )}
          </Field>
          <div className="sm:col-span-2">
            <Field label="Description (optional)" name="product-description" errors={errors?.description}>
              {(props) => <textarea {...props} name="description" rows={2} />}
            </Field>
          </div>
        </>
      )}
    </StaffForm>
  );
}

export function NewFeatureForm({ productId, action }: { productId: string; action: FormAction<{ code: string }> }) {
  return (
    <StaffForm
      action={action}
      submitLabel="Add feature"
      pendingLabel="Adding…"
      reasonPlaceholder="e.g. PDF export ships in 4.2"
      success={(feature) => `Feature “${feature.code}” added. Editions can now grant it.`}
    >
      {(errors) => (
        <>
          <input type="hidden" name="productId" value={productId} />
          <Field label="Feature name" name="feature-name" errors={errors?.name}>
            {(props) => <input {...props} name="name" placeholder="e.g. PDF export" />}
          </Field>
          <Field
            label="Feature code"
            name="feature-code"
            errors={errors?.code}
            hint="The entitlement code clients check, e.g. export-pdf."
          >
            {(props) => (
              <input {...props} name="code" placeholder="e.g. export-pdf" autoCapitalize="none" spellCheck={false} />
            )}
          </Field>
        </>
      )}
    </StaffForm>
  );
}

export function NewEditionForm({
  productId,
  features,
  action,
}: {
  productId: string;
  features: { id: string; code: string; name: string }[];
  action: FormAction<{ name: string }>;
}) {
  return (
    <StaffForm
      action={action}
      submitLabel="Add edition"
      pendingLabel="Adding…"
      reasonPlaceholder="e.g. pricing page lists a Professional tier"
      success={(edition) => `Edition “${edition.name}” added. Support can now issue licenses of it.`}
    >
      {(errors) => (
        <>
          <input type="hidden" name="productId" value={productId} />
          <Field label="Edition name" name="edition-name" errors={errors?.name}>
            {(props) => <input {...props} name="name" placeholder="e.g. Professional" />}
          </Field>
          <Field
            label="Edition code"
            name="edition-code"
            errors={errors?.code}
            hint="Use “trial” for the product's trial edition."
          >
            {(props) => (
              <input {...props} name="code" placeholder="e.g. pro" autoCapitalize="none" spellCheck={false} />
            )}
          </Field>
          <FeatureChoice
            legend="Entitlements"
            name="featureIds"
            features={features}
            errors={errors?.featureIds}
            whenNone="This product has no features yet: add them above, or create an edition that grants none."
          />
          <Field label="Default seats" name="edition-seats" errors={errors?.defaultSeats}>
            {(props) => <input {...props} name="defaultSeats" type="number" min={1} defaultValue={1} />}
          </Field>
          <Field
            label="Default term (days)"
            name="edition-term"
            errors={errors?.defaultTermDays}
            hint="Leave empty for perpetual licenses."
          >
            {(props) => <input {...props} name="defaultTermDays" type="number" min={1} defaultValue={365} />}
          </Field>
          <Field
            label="Offline grace (days)"
            name="edition-grace"
            errors={errors?.defaultOfflineGraceDays}
            hint="How long the software keeps working without reaching the portal."
          >
            {(props) => <input {...props} name="defaultOfflineGraceDays" type="number" min={0} defaultValue={7} />}
          </Field>
          <Field
            label="Seats counted"
            name="edition-seat-model"
            errors={errors?.seatModel}
            hint="Floating: any machine may take one of the seats while it runs, and give it back on exit. Named users: the customer's owner assigns each seat to a person by email, and the software names its user."
          >
            {(props) => (
              <select {...props} name="seatModel" defaultValue="device">
                <option value="device">Per device (bound until deactivated)</option>
                <option value="floating">Floating (concurrent leases)</option>
                <option value="user">Named users (people the owner assigns)</option>
              </select>
            )}
          </Field>
          <div className="self-end text-sm text-slate-800">
            <label className="flex items-start gap-2">
              <input type="checkbox" name="requireSeatToken" defaultChecked className="mt-0.5" />
              <span>
                Require seat tokens
                <span className="block text-slate-500">
                  Named users: software sends the person's seat token from the Seats page, not just an email.
                </span>
              </span>
            </label>
          </div>
          <Field
            label="Floating lease (minutes)"
            name="edition-lease-minutes"
            errors={errors?.floatingLeaseMinutes}
            hint="A seat whose client stops renewing is free again after this."
          >
            {(props) => (
              <input {...props} name="floatingLeaseMinutes" type="number" min={1} max={1440} defaultValue={15} />
            )}
          </Field>
          <Field
            label="Longest borrowing (days)"
            name="edition-borrow-days"
            errors={errors?.maxBorrowDays}
            hint="Floating seats a client may take offline; 0 turns borrowing off."
          >
            {(props) => <input {...props} name="maxBorrowDays" type="number" min={0} max={90} defaultValue={0} />}
          </Field>
          <Field
            label="Device transfers allowed"
            name="edition-max-transfers"
            errors={errors?.maxDeviceTransfers}
            hint="How often a seat may move to another device (named users: to another person) per period; empty: unlimited. A seat's first device or person is free."
          >
            {(props) => <input {...props} name="maxDeviceTransfers" type="number" min={0} max={1000} />}
          </Field>
          <Field
            label="Transfer period (days)"
            name="edition-transfer-period"
            errors={errors?.deviceTransferPeriodDays}
            hint="The rolling window the transfer limit counts over."
          >
            {(props) => (
              <input {...props} name="deviceTransferPeriodDays" type="number" min={1} max={365} defaultValue={30} />
            )}
          </Field>
          <Field
            label="Usage quotas"
            name="edition-usage-quotas"
            errors={errors?.usageQuotas}
            hint="One per line, “meter = amount / period” (day, month or year), e.g. exports = 10000 / month."
          >
            {(props) => <textarea {...props} name="usageQuotas" rows={2} placeholder="exports = 10000 / month" />}
          </Field>
          <Field
            label="Past a usage quota"
            name="edition-overage"
            errors={errors?.overageStrategy}
            hint="Overage: what the client API does with a record beyond the quota."
          >
            {(props) => (
              <select {...props} name="overageStrategy" defaultValue="none">
                <option value="none">Refuse it</option>
                <option value="up_to_125_percent">Allow up to 125 % of the quota</option>
                <option value="always_allow">Always allow, and report the overage</option>
              </select>
            )}
          </Field>
          <Field
            label="After expiry"
            name="edition-expiry-strategy"
            errors={errors?.expiryStrategy}
            hint="What its licenses do once expired and past the grace."
          >
            {(props) => (
              <select {...props} name="expiryStrategy" defaultValue="revoke_after_grace">
                <option value="revoke_after_grace">Stop working after the grace</option>
                <option value="restrict">Keep only the features chosen below</option>
                <option value="maintain_access">Keep versions released before expiry working</option>
              </select>
            )}
          </Field>
          <FeatureChoice
            legend="Features kept after expiry"
            name="featureIdsAfterExpiry"
            features={features}
            errors={errors?.featureIdsAfterExpiry}
            whenNone="With no features, “Keep only the features chosen” keeps none."
          />
          <div className="self-end text-sm text-slate-800">
            <label className="flex items-start gap-2">
              <input type="checkbox" name="hasOwnSigningKey" className="mt-0.5" />
              <span>
                Sign with its own key
                <span className="block text-slate-500">
                  Otherwise the product's key, or the global one, signs its license files.
                </span>
              </span>
            </label>
          </div>
          <p className="text-sm text-slate-500 sm:col-span-2">
            Rotation policy: the product's, until you save one for this edition under{" "}
            <Link className="font-medium text-brand-700 underline" href="/admin/policies">
              Policies
            </Link>
            .
          </p>
        </>
      )}
    </StaffForm>
  );
}

/** A checkbox per feature of the product, posting their ids under `name`. */
function FeatureChoice({
  legend,
  name,
  features,
  errors,
  whenNone,
}: {
  legend: string;
  name: string;
  features: { id: string; code: string; name: string }[];
  errors?: string[];
  whenNone: string;
}) {
  const errorId = `${name}-error`;
  return (
    <fieldset className="sm:col-span-2" aria-describedby={errors ? errorId : undefined}>
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      {features.length === 0 ? (
        <p className="mt-1 text-sm text-slate-500">{whenNone}</p>
      ) : (
        <div className="mt-1 flex flex-wrap gap-x-5 gap-y-2">
          {features.map((feature) => (
            <label key={feature.id} className="flex items-center gap-2 text-sm text-slate-800">
              <input type="checkbox" name={name} value={feature.id} />
              {feature.name} <span className="font-mono text-xs text-slate-500">{feature.code}</span>
            </label>
          ))}
        </div>
      )}
      {errors ? (
        <p id={errorId} className="mt-1 text-sm text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </fieldset>
  );
}

export function NewCustomerForm({ action }: { action: FormAction<{ orgId: string; name: string }> }) {
  return (
    <StaffForm
      action={action}
      submitLabel="Create customer and invite owner"
      pendingLabel="Creating…"
      reasonPlaceholder="e.g. order 4711 from the web shop"
      success={(customer) => (
        <>
          {customer.name} created and its owner invited.{" "}
          <Link className="font-medium underline" href={`/admin/customers/${customer.orgId}/licenses/new`}>
            Issue its first license
          </Link>
        </>
      )}
    >
      {(errors) => (
        <>
          <Field label="Organization name" name="customer-name" errors={errors?.name}>
            {(props) => <input {...props} name="name" placeholder="e.g. Initech GmbH" autoComplete="organization" />}
          </Field>
          <Field
            label="Owner's email"
            name="customer-owner"
            errors={errors?.ownerEmail}
            hint="Gets an invitation naming the organization and you."
          >
            {(props) => (
              <input
                {...props}
                name="ownerEmail"
                type="email"
                placeholder="owner@customer.example"
                autoComplete="off"
              />
            )}
          </Field>
        </>
      )}
    </StaffForm>
  );
}

export interface EditionChoice {
  id: string;
  label: string;
  defaultSeats: number;
  defaultTermDays: number | null;
  defaultOfflineGraceDays: number;
  entitlements: string[];
}

/** Choosing an edition fills seats, term and grace with its defaults; staff may change them. */
export function NewLicenseForm({
  orgId,
  editions,
  action,
}: {
  orgId: string;
  editions: EditionChoice[];
  action: FormAction<{ licenseId: string }>;
}) {
  const [editionId, setEditionId] = useState(editions[0]?.id ?? "");
  const edition = editions.find((choice) => choice.id === editionId);
  return (
    <StaffForm
      action={action}
      submitLabel="Issue license"
      pendingLabel="Issuing…"
      reasonPlaceholder="e.g. order 4711: 5 seats for one year"
      success={(license) => (
        <>
          License issued; the owners have been emailed.{" "}
          <Link className="font-medium underline" href={`/admin/licenses/${license.licenseId}`}>
            Open the license
          </Link>
        </>
      )}
    >
      {(errors) => (
        <>
          <input type="hidden" name="orgId" value={orgId} />
          <div className="sm:col-span-2">
            <Field
              label="Product and edition"
              name="license-edition"
              errors={errors?.editionId}
              hint={edition ? `Grants: ${edition.entitlements.join(", ") || "no features"}.` : undefined}
            >
              {(props) => (
                <select
                  {...props}
                  name="editionId"
                  value={editionId}
                  onChange={(event) => setEditionId(event.target.value)}
                >
                  {editions.map((choice) => (
                    <option key={choice.id} value={choice.id}>
                      {choice.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <Field label="Seats" name="license-seats" errors={errors?.seats}>
            {(props) => (
              <input
                {...props}
                key={`seats-${editionId}`}
                name="seats"
                type="number"
                min={1}
                defaultValue={edition?.defaultSeats ?? 1}
              />
            )}
          </Field>
          <Field
            label="Term (days)"
            name="license-term"
            errors={errors?.termDays}
            hint="Counted from now. Leave empty for a perpetual license."
          >
            {(props) => (
              <input
                {...props}
                key={`term-${editionId}`}
                name="termDays"
                type="number"
                min={1}
                defaultValue={edition?.defaultTermDays ?? ""}
              />
            )}
          </Field>
          <Field label="Offline grace (days)" name="license-grace" errors={errors?.offlineGraceDays}>
            {(props) => (
              <input
                {...props}
                key={`grace-${editionId}`}
                name="offlineGraceDays"
                type="number"
                min={0}
                defaultValue={edition?.defaultOfflineGraceDays ?? 7}
              />
            )}
          </Field>
          <Field
            label="Metadata (optional)"
            name="license-metadata"
            errors={errors?.metadata}
            hint="One “key = value” per line, e.g. order = 4711. Staff only."
          >
            {(props) => <textarea {...props} name="metadata" rows={2} spellCheck={false} />}
          </Field>
          <div className="sm:col-span-2">
            <Field label="Notes (optional, staff only)" name="license-notes" errors={errors?.notes}>
              {(props) => <textarea {...props} name="notes" rows={2} />}
            </Field>
          </div>
        </>
      )}
    </StaffForm>
  );
}
