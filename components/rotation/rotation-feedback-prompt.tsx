"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import type { FormAction } from "@/lib/auth/action";

/**
 * "Did this rotation go smoothly?" after a completed rotation: yes or no with an optional comment,
 * or dismissed. Asked once per rotation and user; after either the next page load no longer shows it.
 */
export function RotationFeedbackPrompt<T>({
  rotationId,
  completedLabel,
  action,
}: {
  rotationId: string;
  completedLabel: React.ReactNode;
  action: FormAction<T>;
}) {
  const [state, formAction, isPending] = useActionState(action, null);
  const [dismissState, dismissAction, isDismissing] = useActionState(action, null);
  if (dismissState?.ok) return null;
  return (
    <Card aria-labelledby="rotation-feedback-title" className="px-5 py-4">
      <h2 id="rotation-feedback-title" className="text-base font-semibold text-slate-900">
        Did this rotation go smoothly?
      </h2>
      {state?.ok ? (
        <div className="mt-2">
          <Alert tone="success">Thank you. Your answer helps us make rotations easier.</Alert>
        </div>
      ) : (
        <>
          <p className="mt-1 text-sm text-slate-600">
            Your license key was rotated {completedLabel}. One question, and you will not be asked again about this
            rotation.
          </p>
          <form action={formAction} className="mt-3 space-y-3">
            <input type="hidden" name="rotationId" value={rotationId} />
            <Field
              label="Anything we should know? (optional)"
              name="comment"
              errors={state && !state.ok ? state.fieldErrors?.comment : undefined}
            >
              {(props) => <textarea {...props} name="comment" rows={2} maxLength={1000} />}
            </Field>
            <div className="flex flex-wrap gap-2">
              <Button type="submit" name="answer" value="smooth" disabled={isPending}>
                Yes, it went smoothly
              </Button>
              <Button type="submit" name="answer" value="not_smooth" variant="secondary" disabled={isPending}>
                No, we had trouble
              </Button>
            </div>
            {state && !state.ok ? <Alert tone="error">{state.message}</Alert> : null}
          </form>
          <form action={dismissAction} className="mt-2">
            <input type="hidden" name="rotationId" value={rotationId} />
            <input type="hidden" name="answer" value="dismissed" />
            <button
              type="submit"
              disabled={isDismissing}
              className="text-sm font-medium text-slate-600 underline hover:text-slate-900"
            >
              Dismiss, don't ask about this rotation
            </button>
            {dismissState && !dismissState.ok ? <Alert tone="error">{dismissState.message}</Alert> : null}
          </form>
        </>
      )}
    </Card>
  );
}
