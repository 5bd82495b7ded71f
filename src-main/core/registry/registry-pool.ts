import { registryApiHost } from '../reference/reference'
import type { Action } from './authenticator'
import type { CredentialResolver } from './credentials'
import { HttpClient, type HttpOptions } from './http'
import { RegistryClient } from './registry-client'

export interface RegistryPoolOptions extends HttpOptions {
  credentials: CredentialResolver
  /** Registries spoken to over plain HTTP (loopback test registries); everything else is HTTPS. */
  plainHttp?: ReadonlySet<string>
  /** Where to reach a registry instead of its own host, e.g. `docker.io` → a Docker Hub emulator's URL. */
  endpoints?: ReadonlyMap<string, URL>
  actions?: readonly Action[]
}

/** One client per registry, sharing one connection pool, so tokens and learnt auth schemes are reused run-wide. */
export class RegistryPool {
  private readonly clients = new Map<string, RegistryClient>()
  private readonly http: HttpClient

  constructor(private readonly options: RegistryPoolOptions) {
    this.http = new HttpClient(options)
  }

  client(registry: string): RegistryClient {
    let client = this.clients.get(registry)
    if (!client) {
      const endpoint = this.options.endpoints?.get(registry)
      client = new RegistryClient({
        registry,
        apiHost: endpoint?.host ?? registryApiHost(registry),
        plainHttp: endpoint ? endpoint.protocol === 'http:' : (this.options.plainHttp?.has(registry) ?? false),
        credentials: this.options.credentials,
        http: this.http,
        actions: this.options.actions,
      })
      this.clients.set(registry, client)
    }
    return client
  }

  /** Who the pool signs in to `registry` as (a user name; `identity token` for OAuth), or undefined for anonymous. */
  async account(registry: string): Promise<string | undefined> {
    const credential = await this.options.credentials(registry)
    return credential?.kind === 'basic' ? credential.username : credential ? 'identity token' : undefined
  }

  async close(): Promise<void> {
    this.http.close()
  }
}
