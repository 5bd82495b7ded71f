import type { HubIdentity } from '../credentials/hub-identity'
import { ecrRegistryEndpoint, type EcrRegistryEndpoint } from '../ecr/ecr-registry-endpoint'
import type { NameMapping } from '../ecr/name-mapping'
import { compareNamespace, type NamespaceComparison } from '../inventory/namespace-comparison'
import { withEcrClient, type AwsTarget } from './connections'
import { withHubApi } from './hub-connection'
import type { UseCaseContext } from './context'

export interface CompareRequest {
  identity: HubIdentity | undefined
  namespace: string
  /** One repository of the namespace; all of them without. */
  repository?: string
  aws: AwsTarget
  mapping: NameMapping
  /** Also find the account's registry host (one GetAuthorizationToken call), for showing image URIs. */
  withRegistry?: boolean
  signal?: AbortSignal
}

/** `compare` and `compare.run`: a Docker Hub namespace beside the ECR repositories it maps to, tag by digest. */
export async function compareWithEcr(
  context: UseCaseContext,
  request: CompareRequest,
): Promise<{ comparison: NamespaceComparison; registry?: EcrRegistryEndpoint }> {
  return withHubApi(context.endpoints, request.identity, (hub) =>
    withEcrClient(request.aws, async (ecr) => {
      const [registry, comparison] = await Promise.all([
        request.withRegistry ? ecrRegistryEndpoint(ecr, request.aws.region, request.signal) : undefined,
        compareNamespace({
          hub,
          ecr,
          namespace: request.namespace,
          repository: request.repository,
          mapping: request.mapping,
          signal: request.signal,
        }),
      ])
      return { comparison, ...(registry ? { registry } : {}) }
    }),
  )
}
