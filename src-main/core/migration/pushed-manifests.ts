import type { Digest } from '../reference/digest'
import type { RegistryClient } from '../registry/registry-client'

/** A destination repository a manifest was pushed to: it can be read back from there without a source pull. */
export interface ManifestPlace {
  client: RegistryClient
  repository: string
}

/**
 * Which manifests a run pushed, and where. A run remembers one entry per distinct manifest, so each is kept
 * small: the digest and a small number naming the place (an array only for a manifest pushed to several).
 */
export class PushedManifests {
  private readonly places: ManifestPlace[] = []
  private readonly placeNumbers = new Map<RegistryClient, Map<string, number>>()
  private readonly byDigest = new Map<Digest, number | number[]>()

  has(place: ManifestPlace, digest: Digest): boolean {
    const number = this.placeNumbers.get(place.client)?.get(place.repository)
    if (number === undefined) return false
    const at = this.byDigest.get(digest)
    return at === number || (Array.isArray(at) && at.includes(number))
  }

  add(place: ManifestPlace, digest: Digest): void {
    const number = this.placeNumber(place)
    const at = this.byDigest.get(digest)
    if (at === undefined) this.byDigest.set(digest, number)
    else if (typeof at === 'number') at !== number && this.byDigest.set(digest, [at, number])
    else if (!at.includes(number)) at.push(number)
  }

  /** One place the manifest was pushed to, if any. */
  anywhere(digest: Digest): ManifestPlace | undefined {
    const at = this.byDigest.get(digest)
    return at === undefined ? undefined : this.places[typeof at === 'number' ? at : at[0]!]
  }

  private placeNumber({ client, repository }: ManifestPlace): number {
    let numbers = this.placeNumbers.get(client)
    if (!numbers) {
      numbers = new Map()
      this.placeNumbers.set(client, numbers)
    }
    let number = numbers.get(repository)
    if (number === undefined) {
      number = this.places.push({ client, repository }) - 1
      numbers.set(repository, number)
    }
    return number
  }
}
