import { stringify } from 'yaml'

export interface KubeconfigOptions {
  /** The context's namespace (what `kubectl config set-context --namespace` writes); none by default. */
  namespace?: string
  /** The user's bearer token; default the emulator's; null writes a user without credentials. */
  token?: string | null
  /** More contexts, each reaching the same server as a user of its own whose token the server refuses (401). */
  otherContexts?: string[]
  /** `current-context`; default the context asked for. */
  currentContext?: string
}

/** A kubeconfig (kind Config, v1) with one cluster, user and context per context name. */
export function kubeconfigYaml(server: string, token: string, contextName: string, o: KubeconfigOptions = {}): string {
  const names = [contextName, ...(o.otherContexts ?? [])]
  if (new Set(names).size !== names.length) throw new Error(`context names repeat: ${names.join(', ')}`)
  const tokenOf = (name: string): string | null =>
    name === contextName ? (o.token === undefined ? token : o.token) : `refused-token-for-${name}`
  // @kubernetes/client-node 2.x refuses an http: server unless the cluster skips TLS verification (there is none).
  const cluster = server.startsWith('http:') ? { server, 'insecure-skip-tls-verify': true } : { server }
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: names.map((name) => ({ name: `${name}-cluster`, cluster })),
    users: names.map((name) => {
      const userToken = tokenOf(name)
      return { name: `${name}-user`, user: userToken === null ? {} : { token: userToken } }
    }),
    contexts: names.map((name) => ({
      name,
      context: {
        cluster: `${name}-cluster`,
        user: `${name}-user`,
        ...(name === contextName && o.namespace ? { namespace: o.namespace } : {}),
      },
    })),
    'current-context': o.currentContext ?? contextName,
    preferences: {},
  })
}
