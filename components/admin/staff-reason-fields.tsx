import { staffReasonCategories, staffReasonLabels } from "@/lib/validations/staff";

const inputClass = "mt-1 block w-full rounded-md px-3 py-2 text-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600 aria-[invalid=true]:ring-red-400";

/**
 * The staff reason contract as form fields (`reasonCategory` + `reason`, lib/validations/staff.ts),
 * with each field's error beside it. Every staff write form includes it.
 */
export function StaffReasonFields({ idPrefix, fieldErrors }: { idPrefix: string; fieldErrors?: Record<string, string[]> }) {
  const categoryErrors = fieldErrors?.reasonCategory;
  const reasonErrors = fieldErrors?.reason;
  return (
    <div className="space-y-3">
      <div>
        <label htmlFor={`${idPrefix}-category`} className="block text-sm font-medium text-slate-800">
          Reason category
        </label>
        <select
          id={`${idPrefix}-category`}
          name="reasonCategory"
          defaultValue=""
          aria-invalid={Boolean(categoryErrors)}
          aria-describedby={categoryErrors ? `${idPrefix}-category-error` : undefined}
          className={inputClass}
        >
          <option value="" disabled>
            Choose a category
          </option>
          {staffReasonCategories.map((category) => (
            <option key={category} value={category}>
              {staffReasonLabels[category]}
            </option>
          ))}
        </select>
        {categoryErrors ? (
          <p id={`${idPrefix}-category-error`} className="mt-1 text-sm text-red-700">
            {categoryErrors.join(" ")}
          </p>
        ) : null}
      </div>
      <div>
        <label htmlFor={`${idPrefix}-reason`} className="block text-sm font-medium text-slate-800">
          Reason (recorded in the audit log)
        </label>
        <textarea
          id={`${idPrefix}-reason`}
          name="reason"
          rows={2}
          aria-invalid={Boolean(reasonErrors)}
          aria-describedby={reasonErrors ? `${idPrefix}-reason-error` : undefined}
          placeholder="e.g. ticket 4411: customer reinstalled and lost the key"
          className={inputClass}
        />
        {reasonErrors ? (
          <p id={`${idPrefix}-reason-error`} className="mt-1 text-sm text-red-700">
            {reasonErrors.join(" ")}
          </p>
        ) : null}
      </div>
    </div>
  );
}
