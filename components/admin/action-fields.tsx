"use client";

import { useId } from "react";
import { useActionDialogErrors } from "@/components/ui/action-dialog";

/** An input of the action besides the reason; plain data, so server pages can describe it. */
export interface ActionField {
  name: string;
  label: string;
  type: "text" | "number" | "date" | "select" | "checkbox";
  defaultValue?: string;
  options?: { value: string; label: string }[];
  hint?: string;
  min?: number;
}

const inputClass =
  "mt-1 block w-full rounded-md px-3 py-2 text-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600 aria-[invalid=true]:ring-red-400";

function ActionFieldInput({ field, idPrefix, errors }: { field: ActionField; idPrefix: string; errors?: string[] }) {
  const id = `${idPrefix}-${field.name}`;
  const describedBy = errors ? `${id}-error` : field.hint ? `${id}-hint` : undefined;
  const common = { id, name: field.name, "aria-invalid": Boolean(errors), "aria-describedby": describedBy };
  if (field.type === "checkbox") {
    return (
      <div>
        <label className="flex items-start gap-2 text-sm text-slate-800">
          <input type="checkbox" {...common} defaultChecked={field.defaultValue === "on"} className="mt-0.5" />
          <span>{field.label}</span>
        </label>
        {field.hint ? (
          <p id={`${id}-hint`} className="ml-6 text-sm text-slate-500">
            {field.hint}
          </p>
        ) : null}
      </div>
    );
  }
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {field.label}
      </label>
      {field.type === "select" ? (
        <select {...common} defaultValue={field.defaultValue} className={inputClass}>
          {field.options?.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      ) : (
        <input {...common} type={field.type} min={field.min} defaultValue={field.defaultValue} className={inputClass} />
      )}
      {errors ? (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
          {errors.join(" ")}
        </p>
      ) : field.hint ? (
        <p id={`${id}-hint`} className="mt-1 text-sm text-slate-500">
          {field.hint}
        </p>
      ) : null}
    </div>
  );
}

/** A staff action's own inputs inside an `ActionDialog`, each with its errors beside it. */
export function ActionFields({ fields }: { fields: ActionField[] }) {
  const id = useId();
  const errors = useActionDialogErrors();
  return fields.map((field) => (
    <ActionFieldInput key={field.name} field={field} idPrefix={id} errors={errors?.[field.name]} />
  ));
}
