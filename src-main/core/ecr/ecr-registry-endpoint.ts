import { DescribeRegistryCommand, GetAuthorizationTokenCommand, type ECRClient } from '@aws-sdk/client-ecr'
import { CrossdockError } from '../lib/errors'
import { parseEcrHost } from '../reference/ecr-host'

export interface EcrRegistryEndpoint {
  accountId: string
  /** `ACCOUNT.dkr.ecr.REGION.amazonaws.com`: the host image references name, in reports and snippets. */
  host: string
  /**
   * Where the registry is reached: the token's `proxyEndpoint` (an endpoint override or VPC endpoint may differ from
   * `host`).
   */
  url: URL
}

/**
 * The registry of the signed-in AWS account in the client's Region: GetAuthorizationToken's `proxyEndpoint`
 * names it; when that is an override that does not carry the account, DescribeRegistry's `registryId` does.
 */
export async function ecrRegistryEndpoint(
  client: ECRClient,
  region: string,
  signal?: AbortSignal,
): Promise<EcrRegistryEndpoint> {
  const answer = await client.send(new GetAuthorizationTokenCommand({}), { abortSignal: signal })
  const proxyEndpoint = answer.authorizationData?.[0]?.proxyEndpoint
  if (!proxyEndpoint)
    throw new CrossdockError(
      'REGISTRY_ERROR',
      'ECR GetAuthorizationToken answered without a proxyEndpoint, so the registry to push to is unknown.',
    )
  const url = new URL(proxyEndpoint)
  const named = parseEcrHost(url.hostname)
  if (named) return { accountId: named.accountId, host: url.host, url }
  const registry = await client.send(new DescribeRegistryCommand({}), { abortSignal: signal })
  if (!registry.registryId)
    throw new CrossdockError(
      'REGISTRY_ERROR',
      'ECR DescribeRegistry answered without a registryId, so the account is unknown.',
    )
  return { accountId: registry.registryId, host: `${registry.registryId}.dkr.ecr.${region}.amazonaws.com`, url }
}
