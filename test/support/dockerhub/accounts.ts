import { createHash, timingSafeEqual } from 'node:crypto'
import type { DockerHubSeed, Plan, SeedOrg, SeedUser } from './options'

export interface Account {
  username: string
  id: string
  plan: Plan
  pullLimit?: number | 'unlimited'
  fullName: string
  secrets: string[]
}

export interface Organisation {
  name: string
  id: string
  fullName: string
  members: Set<string>
}

/** Docker Hub's user ids are UUIDs without dashes (Hub API `user.id`); derived so that they are stable per name. */
function stableId(kind: string, name: string): string {
  return createHash('sha256').update(`${kind}:${name}`).digest('hex').slice(0, 32)
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** Users, organisations and who may see which namespace. Docker IDs are lower case, so names compare that way. */
export class Accounts {
  private readonly users = new Map<string, Account>()
  private readonly orgs = new Map<string, Organisation>()

  constructor(seed: DockerHubSeed) {
    for (const user of seed.users ?? []) this.addUser(user)
    for (const org of seed.orgs ?? []) this.addOrg(org)
  }

  addUser(user: SeedUser): void {
    const username = user.username.toLowerCase()
    this.users.set(username, {
      username,
      id: user.id ?? stableId('user', username),
      plan: user.plan ?? 'personal',
      ...(user.pullLimit === undefined ? {} : { pullLimit: user.pullLimit }),
      fullName: user.fullName ?? '',
      secrets: [...(user.password === undefined ? [] : [user.password]), ...(user.accessTokens ?? [])],
    })
  }

  addOrg(org: SeedOrg): void {
    const name = org.name.toLowerCase()
    this.orgs.set(name, {
      name,
      id: org.id ?? stableId('org', name),
      fullName: org.fullName ?? '',
      members: new Set(org.members.map((member) => member.toLowerCase())),
    })
  }

  /** The account a username with its password or a personal access token signs in; undefined when refused. */
  authenticate(identifier: string, secret: string): Account | undefined {
    const account = this.users.get(identifier.toLowerCase())
    if (!account || secret === '') return undefined
    return account.secrets.some((known) => sameSecret(known, secret)) ? account : undefined
  }

  user(username: string): Account | undefined {
    return this.users.get(username.toLowerCase())
  }

  /** A user's or an organisation's namespace. */
  namespaceExists(namespace: string): boolean {
    const name = namespace.toLowerCase()
    return this.users.has(name) || this.orgs.has(name)
  }

  /** Organisations the user belongs to, by name. */
  orgsOf(username: string): Organisation[] {
    const name = username.toLowerCase()
    return [...this.orgs.values()].filter((org) => org.members.has(name)).sort((a, b) => a.name.localeCompare(b.name))
  }

  /** Whether `username` (undefined = anonymous) may see the private repositories of `namespace`. */
  canSeePrivate(username: string | undefined, namespace: string): boolean {
    if (username === undefined) return false
    const user = username.toLowerCase()
    const ns = namespace.toLowerCase()
    return user === ns || (this.orgs.get(ns)?.members.has(user) ?? false)
  }
}
