import type { RegistryClient } from '../registry/registry-client'

/** A source repository and the destination repository it is copied into. */
export interface RepositoryPair {
  source: RegistryClient
  sourceRepository: string
  destination: RegistryClient
  destinationRepository: string
  /**
   * The destination repository had no tags when the run looked: nothing of ours can be there yet except
   * leftovers of an interrupted run, so per-manifest existence checks are skipped (re-pushing is idempotent).
   */
  destinationFresh: boolean
}
