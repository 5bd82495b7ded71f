import { type Command, Option } from 'commander'
import type { HubIdentity } from '../core/credentials/hub-identity'
import type { CrossdockError } from '../core/lib/errors'
import { DEFAULT_JOBS, type CopyPair } from '../core/migration/copy-engine'
import type { CopyPairs } from '../core/migration/copy-pairs'
import type { RegistryPools } from '../core/migration/registry-pools'
import { parseReference, parseRepository } from '../core/reference/reference'
import type { UseCaseContext } from '../core/use-cases/context'
import { withHubApi } from '../core/use-cases/hub-connection'
import { cliContext, hubIdentityNotice } from './cli-context'
import type { CommandHost } from './command-host'
import { copyPairs } from './copy-command'
import { readCredentialFlags, type CredentialFlags } from './credentials-input'
import type { EcrFlags } from './ecr-destination'
import { ecrRegion } from './ecr-host'
import { announcePullPlan } from './pull-plan'
import { registryPools, userPassFlag, type RegistryFlags } from './registry-options'
import { runCopy, type CopyFlags } from './run-copy'
import {
  collect,
  positiveInteger,
  withAccount,
  withAwsProfile,
  withHubEndpoints,
  withRepositorySettings,
  withTagFilters,
} from './shared-options'
import { parsePrefix, syncPairs, tagFilter, type SyncFlags } from './sync-command'

type CommandFlags = RegistryFlags & CredentialFlags & CopyFlags & EcrFlags & { allTags?: boolean; account?: string }

/** `copy` and `sync`: registry to registry, any OCI registry on either side. */
export function registerCopyCommands(program: Command, host: CommandHost): void {
  const { io, signal, setExitCode } = host
  const run = async (
    sides: { source: string; destination: string },
    given: CommandFlags,
    pairsOf: (pools: RegistryPools, context: UseCaseContext, hub?: HubIdentity) => Promise<CopyPairs | CopyPair[]>,
  ): Promise<void> => {
    const warn = (message: string): void => void io.stderr.write(`warning: ${message}\n`)
    const flags = await readCredentialFlags(given, { stdin: io.stdin ?? process.stdin, warn })
    const context = cliContext(flags)
    // One Docker Hub account for listing and pulling alike, named before anything is spent.
    const srcCreds = flags.srcCreds ?? process.env.CROSSDOCK_SRC_CREDS
    const dockerHub =
      sides.source === 'docker.io'
        ? {
            identity: await context.accounts.identity(
              flags.account,
              srcCreds ? userPassFlag(srcCreds, '--src-creds') : undefined,
            ),
          }
        : undefined
    if (dockerHub) io.stderr.write(`${hubIdentityNotice(dockerHub.identity)}\n`)
    // The AWS SDK loads only for an ECR destination: it would add a tenth of a second to every other run.
    const ecr =
      ecrRegion(sides.destination) || flags.ecr
        ? (await import('./ecr-destination')).ecrDestination(flags, sides.destination, warn)
        : undefined
    const pools = registryPools(flags, sides, {
      context,
      signal,
      destinationCredentials: ecr?.credentials,
      dockerHub,
    })
    try {
      const pairs = await pairsOf(pools, context, dockerHub?.identity)
      if (sides.source === 'docker.io') await announcePullPlan(pairs, pools, io.stderr, signal)
      setExitCode(await runCopy(pairs, flags, pools, { ...io, signal }, ecr?.engine))
      await ecr?.finish()
    } finally {
      await pools.close()
    }
  }

  withCopyFlags(
    program
      .command('copy')
      .description('Copy one image (tag or digest), or every tag of a repository with --all-tags.')
      .argument('<source>', 'image to copy: REGISTRY/REPO:TAG, REGISTRY/REPO@DIGEST, or REGISTRY/REPO with --all-tags')
      .argument('<destination>', 'REGISTRY/REPO (keeps the tag) or REGISTRY/REPO:TAG')
      .option('-a, --all-tags', 'copy every tag of the source repository'),
  ).action(async (source: string, destination: string, flags: CommandFlags) => {
    const sides = { source: registryOf(source), destination: registryOf(destination) }
    await run(sides, flags, (pools) => copyPairs(source, destination, flags.allTags ?? false, pools, signal))
  })

  withTagFilters(
    withHubEndpoints(
      withCopyFlags(
        program
          .command('sync')
          .description(
            'Copy every tag of every repository under a prefix (the source catalog, or for docker.io/NAMESPACE the ' +
              'Hub API) to the same path under the destination prefix.',
          )
          .argument(
            '<source-prefix>',
            'HOST[:PORT] for the whole registry, HOST[:PORT]/PATH, or docker.io/NAMESPACE[/REPO]',
          )
          .argument('<destination-prefix>', 'HOST[:PORT] or HOST[:PORT]/PATH'),
      ),
      { api: true },
    ),
    'only tags pushed in the last DAYS days (Docker Hub sources)',
  ).action(async (source: string, destination: string, flags: CommandFlags & SyncFlags) => {
    const sides = { source: parsePrefix(source).registry, destination: parsePrefix(destination).registry }
    const filter = tagFilter(flags)
    let refused = false
    const onRefused = (error: CrossdockError): void => {
      refused = true
      io.stderr.write(`FAILED ${error.code}: ${error.message}\n`)
    }
    await run(sides, flags, (pools, context, identity) =>
      sides.source === 'docker.io'
        ? withHubApi(context.endpoints, identity, (hub) =>
            syncPairs(source, destination, pools, { filter, hub, signal, onRefused }),
          )
        : syncPairs(source, destination, pools, { filter, signal, onRefused }),
    )
    // The rest was copied; a refused repository still makes the run a failure.
    if (refused) setExitCode(1)
  })
}

function withCopyFlags(command: Command): Command {
  withAccount(withHubEndpoints(command, { registry: true }))
  withRepositorySettings(withAwsProfile(command))
  return command
    .addOption(
      new Option('-j, --jobs <n>', 'blob transfers in flight at once').default(DEFAULT_JOBS).argParser(positiveInteger),
    )
    .option(
      '--plain-http <hosts>',
      'registries to reach over plain HTTP, comma-separated, repeatable (loopback test registries)',
      collect,
      [],
    )
    .option(
      '--src-creds <user[:password]>',
      'source credentials (or CROSSDOCK_SRC_CREDS); default: ~/.docker/config.json',
    )
    .option('--src-creds-stdin', 'read the source password (with --src-creds USER), or USER:PASSWORD, from stdin')
    .option(
      '--dest-creds <user[:password]>',
      'destination credentials (or CROSSDOCK_DEST_CREDS); default: ~/.docker/config.json',
    )
    .option(
      '--dest-creds-stdin',
      'read the destination password (with --dest-creds USER), or USER:PASSWORD, from stdin',
    )
    .option('--referrers', 'also copy signatures, SBOMs and attestations that refer to each image')
    .option('--dry-run', 'show what would be copied and how many bytes, without writing anything')
    .option(
      '--platform <os/arch,...>',
      'copy only these platforms of multi-platform images (this changes their index digests)',
    )
    .option('--json', 'print a machine-readable summary instead of text')
    .option('--ecr', 'the destination is Amazon ECR even though its host name does not say so (an endpoint override)')
    .option('--region <region>', 'ECR Region; default: from the ECR host name, else AWS_REGION')
    .addOption(new Option('--aws-region <region>').hideHelp())
    .addOption(
      new Option('--chunk-size <MiB>', 'upload blobs larger than this in chunks of this size (ECR: 5-20)').argParser(
        (v) => positiveInteger(v) * 1024 * 1024,
      ),
    )
}

/** The registry an argument names, for matching explicit credentials to a side. */
function registryOf(text: string): string {
  try {
    return parseRepository(text).registry
  } catch {
    return parseReference(text).registry
  }
}
