import type { BuiltObject, KubeObject } from './objects'
import type { ResourceType } from './resources'

/**
 * The cluster's objects with the history a consistent list needs: every change takes the next resourceVersion,
 * and a list at resourceVersion RV sees the objects that existed then (a continued list keeps showing the snapshot
 * its first chunk came from, API concepts). Items are in key order, as etcd returns them: `NAMESPACE/NAME` across
 * namespaces, `NAME` within one.
 */

interface StoredObject {
  type: ResourceType
  namespace?: string
  name: string
  body: KubeObject
  createdAt: number
  deletedAt?: number
}

export interface ListedObject {
  /** The object's key relative to the collection (what a continue token's start key is compared with). */
  key: string
  body: KubeObject
}

export class ClusterStore {
  private readonly stored: StoredObject[] = []
  private version: number

  constructor(firstResourceVersion: number) {
    this.version = firstResourceVersion - 1
  }

  /** The latest resourceVersion. */
  get resourceVersion(): number {
    return this.version
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.live(type, namespace, name)?.body
  }

  /** Stores new objects, each at the next resourceVersion; an object that already exists is a broken seed. */
  add(objects: readonly BuiltObject[]): void {
    for (const o of objects) {
      if (this.live(o.type, o.namespace, o.name)) {
        throw new Error(`${o.type.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name} already exists`)
      }
    }
    for (const o of objects) {
      const body = structuredClone(o.body)
      body.metadata.resourceVersion = String(++this.version)
      this.stored.push({ type: o.type, namespace: o.namespace, name: o.name, body, createdAt: this.version })
    }
  }

  /** Deletes an object and, as the garbage collector would, everything it owns; false when there was none. */
  remove(type: ResourceType, namespace: string | undefined, name: string): boolean {
    const target = this.live(type, namespace, name)
    if (!target) return false
    const doomed = [target]
    for (let i = 0; i < doomed.length; i++) {
      const uid = doomed[i]!.body.metadata.uid
      doomed.push(...this.alive().filter((o) => o.body.metadata.ownerReferences?.some((ref) => ref.uid === uid)))
    }
    for (const o of new Set(doomed)) o.deletedAt = ++this.version
    return true
  }

  /** A collection as it was at `resourceVersion`, across all namespaces without `namespace`. */
  list(type: ResourceType, namespace: string | undefined, resourceVersion: number): ListedObject[] {
    return this.stored
      .filter(
        (o) =>
          o.type === type &&
          (namespace === undefined || o.namespace === namespace) &&
          o.createdAt <= resourceVersion &&
          (o.deletedAt === undefined || o.deletedAt > resourceVersion),
      )
      .map((o) => ({ key: namespace === undefined && o.namespace ? `${o.namespace}/${o.name}` : o.name, body: o.body }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  }

  private alive(): StoredObject[] {
    return this.stored.filter((o) => o.deletedAt === undefined)
  }

  private live(type: ResourceType, namespace: string | undefined, name: string): StoredObject | undefined {
    return this.alive().find((o) => o.type === type && o.namespace === namespace && o.name === name)
  }
}
