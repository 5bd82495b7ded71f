import type { CallArgs } from '../../src-main/contract'
import { AWS_REGION } from '../../src-main/contract/patterns'
import { createPersistedStore, type Store } from './external-store'

/** What Compare and Migrate connect to. Names only: tokens and keys never live in the page. */
export interface Connection {
  /** A saved Docker Hub account; none means the Docker config's user, or anonymous. */
  hubAccount?: string
  /** An AWS profile; none means the default credential chain. */
  awsProfile?: string
  region: string
  namespace: string
  prefix: string
  dropNamespace: boolean
}

export const DEFAULT_CONNECTION: Connection = { region: '', namespace: '', prefix: '', dropNamespace: false }

export function parseConnection(raw: unknown): Connection {
  if (!raw || typeof raw !== 'object') return DEFAULT_CONNECTION
  const value = raw as Record<string, unknown>
  const text = (field: string): string | undefined =>
    typeof value[field] === 'string' && value[field] !== '' ? (value[field] as string) : undefined
  return {
    hubAccount: text('hubAccount'),
    awsProfile: text('awsProfile'),
    region: text('region') ?? '',
    namespace: text('namespace') ?? '',
    prefix: text('prefix') ?? '',
    dropNamespace: value.dropNamespace === true,
  }
}

export function createConnectionStore(storage?: Storage): Store<Connection> {
  return createPersistedStore('crossdock.connection', parseConnection, storage)
}

/** Compare, Costs and Migrate need a Region that looks like one (`eu-west-1`). */
export function hasRegion(connection: Connection): boolean {
  return AWS_REGION.test(connection.region)
}

/** "Docker Hub account x · AWS profile y in eu-west-1", or why a view cannot run yet. */
export function describeConnection(connection: Connection): string {
  const hub = connection.hubAccount
    ? `Docker Hub account ${connection.hubAccount}`
    : 'Docker Hub as the Docker config user (or anonymous)'
  const aws = `AWS ${connection.awsProfile ? `profile ${connection.awsProfile}` : 'default credential chain'}`
  return hasRegion(connection)
    ? `${hub} · ${aws} in ${connection.region}`
    : `${hub} · choose an AWS Region on Accounts first`
}

/** The namespace and the ECR target as a call takes them (`compare.run`, `costs.estimate`). */
export function connectionArgs(connection: Connection): CallArgs<'compare.run'> {
  return {
    namespace: connection.namespace.trim(),
    ...(connection.hubAccount ? { hubAccount: connection.hubAccount } : {}),
    aws: { ...(connection.awsProfile ? { profile: connection.awsProfile } : {}), region: connection.region },
    prefix: connection.prefix.trim(),
    dropNamespace: connection.dropNamespace,
  }
}
