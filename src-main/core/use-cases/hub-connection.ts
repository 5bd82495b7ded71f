import { hubSignInOf, type HubIdentity } from '../credentials/hub-identity'
import { DockerHubApi } from '../dockerhub/hub-api'
import type { HubEndpoints } from '../dockerhub/hub-endpoints'
import { HttpClient } from '../registry/http'

// Apart from connections.ts, which loads the AWS SDK: commands that only talk to Docker Hub start without it.
/** The Hub API, signed in as `identity` (anonymous without one), for the length of `use`. */
export async function withHubApi<T>(
  endpoints: HubEndpoints,
  identity: HubIdentity | undefined,
  use: (api: DockerHubApi) => Promise<T>,
): Promise<T> {
  const http = new HttpClient()
  try {
    return await use(new DockerHubApi({ http, baseUrl: endpoints.api, signIn: hubSignInOf(identity) }))
  } finally {
    http.close()
  }
}
