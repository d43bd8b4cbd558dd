import { Conflict } from "@/lib/errors";

/** A state machine is one table: each state lists the states it may move to. */
export type TransitionTable<S extends string> = { readonly [From in S]: readonly S[] };

export function canTransition<S extends string>(table: TransitionTable<S>, from: S, to: S): boolean {
  return table[from].includes(to);
}

export function assertTransition<S extends string>(table: TransitionTable<S>, from: S, to: S, subject: string): void {
  if (!canTransition(table, from, to)) throw new Conflict(`${subject} cannot go from ${from} to ${to}.`);
}
