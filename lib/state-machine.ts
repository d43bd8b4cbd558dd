import { Conflict, Forbidden, type DomainError } from "@/lib/errors";

/** A state machine is one table: each state lists the states it may move to. */
export type TransitionTable<S extends string> = { readonly [From in S]: readonly S[] };

export function canTransition<S extends string>(table: TransitionTable<S>, from: S, to: S): boolean {
  return table[from].includes(to);
}

export function assertTransition<S extends string>(table: TransitionTable<S>, from: S, to: S, subject: string): void {
  if (!canTransition(table, from, to)) throw new Conflict(`${subject} cannot go from ${from} to ${to}.`);
}

/**
 * Who looks at a row, as far as a machine's actions care. Pages build it from the session and use
 * cases from their ctx (lib/auth/viewer.ts), so the buttons a page renders and the refusals a use
 * case throws come from one rule.
 */
export type Viewer =
  | { type: "customer"; role: "owner" | "member" }
  | { type: "staff"; role: "support" | "admin" }
  /** The worker, a vendor integration, client software: they act for the vendor, never for a customer. */
  | { type: "system" };

export const isVendorSide = (viewer: Viewer) => viewer.type !== "customer";
export const isOwnerOrVendor = (viewer: Viewer) => viewer.type !== "customer" || viewer.role === "owner";

export interface MachineAction<S extends string, Row, E extends DomainError = DomainError> {
  /** The states the action applies to. */
  readonly from: readonly S[];
  /** Who may take it; absent, anyone who can see the row. */
  readonly allowed?: (viewer: Viewer, row: Row) => boolean;
  /** The refusal for a row in another state: the sentence names the state found. */
  readonly refuse: (state: S, row: Row) => E;
  /** The refusal for a viewer `allowed` turns away. */
  readonly forbidden?: string;
}

/** A machine owns its states' moves, the actions a person may take from each, and why not. */
export interface Machine<S extends string, Row, A extends string> {
  readonly transitions: TransitionTable<S>;
  readonly stateOf: (row: Row) => S;
  readonly actions: { readonly [Name in A]: MachineAction<S, Row> };
}

export function defineMachine<S extends string, Row, A extends string>(
  machine: Machine<S, Row, A>,
): Machine<S, Row, A> {
  return machine;
}

export function canAct<S extends string, Row, A extends string>(
  machine: Machine<S, Row, A>,
  action: A,
  row: Row,
  viewer: Viewer,
): boolean {
  const { from, allowed } = machine.actions[action];
  return from.includes(machine.stateOf(row)) && (allowed?.(viewer, row) ?? true);
}

/** The actions this viewer may take on this row: a page renders exactly these controls. */
export function availableActions<S extends string, Row, A extends string>(
  machine: Machine<S, Row, A>,
  row: Row,
  viewer: Viewer,
): ReadonlySet<A> {
  return new Set((Object.keys(machine.actions) as A[]).filter((action) => canAct(machine, action, row, viewer)));
}

/** Throws the action's own refusal: Forbidden for a viewer it turns away, its `refuse` for a state it does not apply to. */
export function assertAction<S extends string, Row, A extends string>(
  machine: Machine<S, Row, A>,
  action: A,
  row: Row,
  viewer: Viewer,
): void {
  const { from, allowed, refuse, forbidden } = machine.actions[action];
  if (allowed && !allowed(viewer, row)) throw new Forbidden(forbidden ?? "You cannot do this.");
  const state = machine.stateOf(row);
  if (!from.includes(state)) throw refuse(state, row);
}

/** Why this viewer may not take the action on this row (the sentence assertAction would throw), or null when they may. */
export function refusalOf<S extends string, Row, A extends string>(
  machine: Machine<S, Row, A>,
  action: A,
  row: Row,
  viewer: Viewer,
): string | null {
  const { from, allowed, refuse, forbidden } = machine.actions[action];
  if (allowed && !allowed(viewer, row)) return forbidden ?? "You cannot do this.";
  const state = machine.stateOf(row);
  return from.includes(state) ? null : refuse(state, row).userMessage;
}
