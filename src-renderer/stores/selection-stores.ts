import type { CallArgs } from '../../src-main/contract'
import { createStore, type Store } from './external-store'

export type CompareArgs = CallArgs<'compare.run'>
export type RepositorySelection = CallArgs<'migrate.plan'>['selection']

/** What Compare handed to Migrate: the selection with the comparison it was made in. */
export interface MigrationSelection {
  compare: CompareArgs
  selection: RepositorySelection
}

export interface SelectionStores {
  /** Checked tag keys on Compare (see compare-rows `tagKey`), kept while moving between views. */
  compareChecked: Store<ReadonlySet<string>>
  migration: Store<MigrationSelection | undefined>
}

export function createSelectionStores(): SelectionStores {
  return {
    compareChecked: createStore<ReadonlySet<string>>(new Set()),
    migration: createStore<MigrationSelection | undefined>(undefined),
  }
}
