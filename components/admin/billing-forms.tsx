"use client";

import { StaffForm } from "@/components/admin/staff-form";
import { Field } from "@/components/ui/field";
import type { FormAction } from "@/lib/auth/action";

export function StripeWebhookSecretForm({ action }: { action: FormAction<{ savedAt: string }> }) {
  return (
    <StaffForm
      action={action}
      submitLabel="Save signing secret"
      pendingLabel="Saving…"
      reasonPlaceholder="e.g. new Stripe endpoint for the web shop"
      success={() => <p>Saved. Events signed with it are accepted from now on.</p>}
    >
      {(errors) => (
        <Field
          label="Signing secret"
          name="stripe-webhook-secret"
          errors={errors?.webhookSecret}
          hint="whsec_…, from the endpoint's page in Stripe (Reveal secret). Stored encrypted; never shown again."
        >
          {(props) => <input {...props} name="webhookSecret" type="password" autoComplete="off" />}
        </Field>
      )}
    </StaffForm>
  );
}

export function MapStripePriceForm({
  action,
  editions,
}: {
  action: FormAction<{ priceId: string; editionId: string }>;
  editions: { id: string; label: string }[];
}) {
  return (
    <StaffForm
      action={action}
      submitLabel="Map price"
      pendingLabel="Saving…"
      reasonPlaceholder="e.g. new yearly plan in the shop"
      success={(mapped) => <p>{mapped.priceId} now sells the edition chosen.</p>}
    >
      {(errors) => (
        <>
          <Field
            label="Stripe price id"
            name="stripe-price-id"
            errors={errors?.priceId}
            hint="price_…, from the price's page in Stripe."
          >
            {(props) => <input {...props} name="priceId" autoComplete="off" />}
          </Field>
          <Field label="Edition" name="stripe-price-edition" errors={errors?.editionId}>
            {(props) => (
              <select {...props} name="editionId">
                {editions.map((edition) => (
                  <option key={edition.id} value={edition.id}>
                    {edition.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </>
      )}
    </StaffForm>
  );
}
