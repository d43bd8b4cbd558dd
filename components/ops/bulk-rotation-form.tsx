"use client";

import { useActionState } from "react";
import { Link } from "@/components/ui/link";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { FormAction } from "@/lib/auth/action";
import { StaffReasonFields } from "@/components/admin/staff-reason-fields";

interface Options {
  editions: { productId: string; productName: string; editionId: string; editionName: string }[];
  orgs: { id: string; name: string }[];
}

/** Sets up a bulk reissue; it starts only after a second admin approves it. */
export function BulkRotationForm({
  options,
  action,
}: {
  options: Options;
  action: FormAction<{ bulkRunId: string; matchingNow: number }>;
}) {
  const [state, formAction, isPending] = useActionState(action, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const products = [...new Map(options.editions.map((row) => [row.productId, row.productName])).entries()];
  return (
    <form action={formAction} className="grid gap-4 p-5 sm:grid-cols-2" noValidate>
      {state?.ok ? (
        <div className="sm:col-span-2">
          <Alert tone="success">
            Requested for {state.data.matchingNow} licenses matching now. It starts when a second admin approves it on
            the <Link href="/admin/approvals">Approvals</Link> page;{" "}
            <Link href={`/admin/bulk/${state.data.bulkRunId}`}>follow it here</Link>.
          </Alert>
        </div>
      ) : state && !state.ok ? (
        <div className="sm:col-span-2">
          <Alert tone="error">{state.message}</Alert>
        </div>
      ) : null}
      <Field label="Product" name="productId" errors={errors?.productId}>
        {(props) => (
          <select {...props} name="productId" defaultValue="">
            <option value="" disabled>
              Choose…
            </option>
            {products.map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Edition" name="editionId" errors={errors?.editionId} hint="Must belong to the product.">
        {(props) => (
          <select {...props} name="editionId" defaultValue="">
            <option value="">All editions</option>
            {options.editions.map((row) => (
              <option key={row.editionId} value={row.editionId}>
                {row.productName} · {row.editionName}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Customer" name="orgId" errors={errors?.orgId}>
        {(props) => (
          <select {...props} name="orgId" defaultValue="">
            <option value="">All customers</option>
            {options.orgs.map((org) => (
              <option key={org.id} value={org.id}>
                {org.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="License status" name="status" errors={errors?.status}>
        {(props) => (
          <select {...props} name="status" defaultValue="active">
            <option value="active">Active</option>
            <option value="suspended">Suspended</option>
          </select>
        )}
      </Field>
      <Field
        label="Only licenses expiring within (days)"
        name="expiringWithinDays"
        errors={errors?.expiringWithinDays}
        hint="Leave empty for all."
      >
        {(props) => <input {...props} name="expiringWithinDays" inputMode="numeric" />}
      </Field>
      <Field
        label="Waves (cumulative %)"
        name="wavePercents"
        errors={errors?.wavePercents}
        hint="Ascending, ending at 100."
      >
        {(props) => <input {...props} name="wavePercents" defaultValue="1, 10, 100" />}
      </Field>
      <Field
        label="Overlap (minutes)"
        name="overlapMinutes"
        errors={errors?.overlapMinutes}
        hint="How long old keys keep working."
      >
        {(props) => <input {...props} name="overlapMinutes" inputMode="numeric" defaultValue="10080" />}
      </Field>
      <Field label="Soak between waves (minutes)" name="soakMinutes" errors={errors?.soakMinutes}>
        {(props) => <input {...props} name="soakMinutes" inputMode="numeric" defaultValue="60" />}
      </Field>
      <Field label="Halt at failure rate (%)" name="haltFailurePercent" errors={errors?.haltFailurePercent}>
        {(props) => <input {...props} name="haltFailurePercent" inputMode="numeric" defaultValue="5" />}
      </Field>
      <Field label="…and at least this many failures" name="haltMinFailures" errors={errors?.haltMinFailures}>
        {(props) => <input {...props} name="haltMinFailures" inputMode="numeric" defaultValue="20" />}
      </Field>
      <StaffReasonFields errors={errors} className="sm:col-span-2" />
      <div className="sm:col-span-2 flex justify-end">
        <Button type="submit" disabled={isPending}>
          Request bulk reissue
        </Button>
      </div>
    </form>
  );
}
