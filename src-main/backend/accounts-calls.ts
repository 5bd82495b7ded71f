import type { AccountsDto } from '../contract'
import { awsProfiles } from '../core/credentials/aws-profiles'
import { ecrRegistryEndpoint } from '../core/ecr/ecr-registry-endpoint'
import { withEcrClient } from '../core/use-cases/connections'
import type { UseCaseContext } from '../core/use-cases/context'
import type { Calls } from './calls'

type AccountCalls = 'accounts.list' | 'accounts.addHub' | 'accounts.removeHub' | 'accounts.verifyAws'

/** Docker Hub accounts (saved, or for this session) and the AWS profiles of ~/.aws. */
export function accountsCalls({ accounts }: UseCaseContext): Calls<AccountCalls> {
  return {
    'accounts.list': async (): Promise<AccountsDto> => {
      const [hub, dockerConfigUser, profiles] = await Promise.all([
        accounts.list(),
        accounts.dockerConfigUser(),
        awsProfiles(),
      ])
      return { hub, ...(dockerConfigUser ? { dockerConfigUser } : {}), awsProfiles: profiles }
    },

    // The UI saves over an account of the same name: it asked before.
    'accounts.addHub': async (args) => accounts.add({ ...args, verify: true, replace: true }),

    'accounts.removeHub': async ({ name }) => {
      await accounts.remove(name)
      return { removed: name }
    },

    'accounts.verifyAws': async ({ profile, region }) =>
      withEcrClient({ region, profile }, async (client) => {
        const registry = await ecrRegistryEndpoint(client, region)
        return { ...(profile ? { profile } : {}), region, accountId: registry.accountId, registry: registry.host }
      }),
  }
}
