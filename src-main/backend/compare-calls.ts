import type { CompareDto } from '../contract'
import type { RepositoryRow } from '../core/inventory/side-by-side'
import { compareWithEcr } from '../core/use-cases/compare'
import type { UseCaseContext } from '../core/use-cases/context'
import type { Calls } from './calls'

/** Docker Hub beside ECR, as the Compare view shows it. */
export function compareCalls(context: UseCaseContext): Calls<'compare.run'> {
  return {
    'compare.run': async (args): Promise<CompareDto> => {
      const { comparison, registry } = await compareWithEcr(context, {
        identity: await context.accounts.identity(args.hubAccount),
        namespace: args.namespace,
        aws: args.aws,
        mapping: { prefix: args.prefix, dropNamespace: args.dropNamespace },
        withRegistry: true,
      })
      return {
        namespace: args.namespace,
        registry: registry!.host,
        repositories: comparison.rows.map((row) => ({
          ...repositoryDto(row),
          ecrExists: row.ecr !== undefined && comparison.ecrRepositories.has(row.ecr),
        })),
      }
    },
  }
}

function repositoryDto(row: RepositoryRow): Omit<CompareDto['repositories'][number], 'ecrExists'> {
  return {
    ...(row.hub ? { hub: row.hub } : {}),
    ...(row.ecr ? { ecr: row.ecr } : {}),
    ...(row.private === undefined ? {} : { private: row.private }),
    counts: row.counts,
    tags: row.tags.map((tag) => {
      const lastPushed = tag.hub?.lastPushed ?? tag.ecr?.lastPushed
      const lastPulled = tag.hub?.lastPulled ?? tag.ecr?.lastPulled
      return {
        tag: tag.tag,
        state: tag.state,
        ...(tag.hub?.digest ? { hubDigest: tag.hub.digest } : {}),
        ...(tag.ecr?.digest ? { ecrDigest: tag.ecr.digest } : {}),
        platforms: tag.hub?.platforms ?? tag.ecr?.platforms ?? [],
        ...(tag.hub?.sizeBytes === undefined ? {} : { hubSizeBytes: tag.hub.sizeBytes }),
        ...(tag.ecr?.sizeBytes === undefined ? {} : { ecrSizeBytes: tag.ecr.sizeBytes }),
        ...(lastPushed ? { lastPushed } : {}),
        ...(lastPulled ? { lastPulled } : {}),
      }
    }),
  }
}
