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
  const text = (field: string): string | undefined => (typeof value[field] === 'string' && value[field] !== '' ? (value[field] as string) : undefined)
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
