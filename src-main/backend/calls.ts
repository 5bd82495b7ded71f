import type { CallName, CallResult, ParsedArgs } from '../contract'

/** A group of the contract's calls, implemented: the backend is the union of its groups. */
export type Calls<C extends CallName> = { [K in C]: (args: ParsedArgs<K>) => Promise<CallResult<K>> }
