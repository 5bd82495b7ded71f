import { describe, expect, it } from 'vitest'
import { PushedManifests } from '../../../../src-main/core/migration/pushed-manifests'
import type { Digest } from '../../../../src-main/core/reference/digest'
import type { RegistryClient } from '../../../../src-main/core/registry/registry-client'

const client = (registry: string): RegistryClient => ({ registry }) as unknown as RegistryClient
const digest = (n: number): Digest => `sha256:${String(n).padStart(64, '0')}` as Digest

describe('PushedManifests', () => {
  const ecr = client('ecr.example')
  const other = client('other.example')

  it('knows a manifest only at the places it was pushed to', () => {
    const pushed = new PushedManifests()
    pushed.add({ client: ecr, repository: 'mirror/web' }, digest(1))
    expect(pushed.has({ client: ecr, repository: 'mirror/web' }, digest(1))).toBe(true)
    expect(pushed.has({ client: ecr, repository: 'mirror/api' }, digest(1))).toBe(false)
    expect(pushed.has({ client: other, repository: 'mirror/web' }, digest(1))).toBe(false)
    expect(pushed.has({ client: ecr, repository: 'mirror/web' }, digest(2))).toBe(false)
  })

  it('keeps every place of a manifest pushed to several, once each', () => {
    const pushed = new PushedManifests()
    const places = [
      { client: ecr, repository: 'a' },
      { client: ecr, repository: 'b' },
      { client: other, repository: 'a' },
    ]
    for (const place of [...places, ...places]) pushed.add(place, digest(7))
    for (const place of places) expect(pushed.has(place, digest(7))).toBe(true)
    expect(pushed.anywhere(digest(7))).toEqual(places[0])
    expect(pushed.anywhere(digest(8))).toBeUndefined()
  })
})
