"use client";

import { createContext, useCallback, useContext, useEffect, useRef, useState } from "react";
import { Button } from "./button";

/** How long a toast stays: long enough to read it and reach Undo with a keyboard (WCAG 2.2.1). */
const TOAST_MS = 15_000;

export interface ToastInput {
  message: string;
  /** A refusal reads as one (red, announced the same way). */
  tone?: "success" | "error";
  /** Restores the previous state (a server action, audited); the sentence it returns replaces the toast. */
  undo?: () => Promise<{ ok: boolean; message: string }>;
}

interface ShownToast extends ToastInput {
  id: number;
}

const ToastContext = createContext<((toast: ToastInput) => void) | null>(null);

/** Shows what a reversible action just did, with Undo (issue 16 item 4). */
export function useToast(): (toast: ToastInput) => void {
  const show = useContext(ToastContext);
  if (!show) throw new Error("useToast needs a ToastProvider above it (the portal layout).");
  return show;
}

/**
 * One toast at a time, in a live region that exists before anything is announced (screen readers
 * ignore a live region that appears together with its text). Undo is a real button, and the toast
 * stays while the pointer or focus is inside it.
 */
export function ToastProvider({ children }: { children: React.ReactNode }) {
  const [toast, setToast] = useState<ShownToast | null>(null);
  const [isHeld, setIsHeld] = useState(false);
  const [isUndoing, setIsUndoing] = useState(false);
  const nextId = useRef(0);
  const show = useCallback((input: ToastInput) => {
    nextId.current += 1;
    setToast({ ...input, id: nextId.current, tone: input.tone ?? "success" });
  }, []);
  useEffect(() => {
    if (!toast || isHeld) return;
    const timer = setTimeout(() => setToast((current) => (current?.id === toast.id ? null : current)), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast, isHeld]);
  const undo = async () => {
    if (!toast?.undo) return;
    setIsUndoing(true);
    const result = await toast.undo();
    setIsUndoing(false);
    nextId.current += 1;
    setToast({ id: nextId.current, tone: result.ok ? "success" : "error", message: result.message });
  };
  return (
    <ToastContext value={show}>
      {children}
      <div
        role="status"
        aria-live="polite"
        className="pointer-events-none fixed inset-x-0 bottom-4 z-50 flex justify-center px-4"
      >
        {toast ? (
          // biome-ignore lint/a11y/noStaticElementInteractions: pausing the timer on hover/focus is not an interaction of its own
          <div
            key={toast.id}
            onMouseEnter={() => setIsHeld(true)}
            onMouseLeave={() => setIsHeld(false)}
            onFocus={() => setIsHeld(true)}
            onBlur={() => setIsHeld(false)}
            className={`pointer-events-auto flex max-w-lg flex-wrap items-center gap-3 rounded-md px-4 py-3 text-sm shadow-lg ${
              toast.tone === "error" ? "bg-red-700 text-white" : "bg-slate-900 text-white"
            }`}
          >
            <span>{toast.message}</span>
            {toast.undo ? (
              <Button type="button" variant="secondary" disabled={isUndoing} onClick={undo}>
                {isUndoing ? "Undoing…" : "Undo"}
              </Button>
            ) : null}
            <button
              type="button"
              aria-label="Dismiss"
              className="ml-auto rounded px-1 text-slate-300 hover:text-white"
              onClick={() => setToast(null)}
            >
              ×
            </button>
          </div>
        ) : null}
      </div>
    </ToastContext>
  );
}
