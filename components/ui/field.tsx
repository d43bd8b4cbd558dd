import { cn } from "./cn";

/** A labelled input with its error beside it; `aria-describedby` ties the message to the field. */
export function Field({
  label,
  name,
  errors,
  hint,
  children,
}: {
  label: string;
  name: string;
  errors?: string[];
  hint?: string;
  children: (props: {
    id: string;
    "aria-invalid": boolean;
    "aria-describedby"?: string;
    className: string;
  }) => React.ReactNode;
}) {
  const id = `field-${name}`;
  const messageId = errors?.length ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <div className="mt-1">
        {children({
          id,
          "aria-invalid": Boolean(errors?.length),
          "aria-describedby": messageId,
          className: cn(
            "block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-inset",
            errors?.length ? "ring-red-400 focus:ring-red-600" : "ring-slate-300 focus:ring-brand-600",
          ),
        })}
      </div>
      {errors?.length ? (
        <p id={messageId} className="mt-1 text-sm text-red-700">
          {errors.join(" ")}
        </p>
      ) : hint ? (
        <p id={messageId} className="mt-1 text-sm text-slate-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
