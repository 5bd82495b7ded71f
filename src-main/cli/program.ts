import { setMaxListeners } from 'node:events'
import { Command, Option } from 'commander'
import type { CrossdockError } from '../core/lib/errors'
import { DEFAULT_JOBS, type CopyPair } from '../core/migration/copy-engine'
import type { CopyPairs } from '../core/migration/copy-pairs'
import { parseReference, parseRepository } from '../core/reference/reference'
import type { CompareFlags } from './compare-command'
import { cliFailure, HELP_FOOTER, wantsJson } from './cli-failure'
import { copyPairs } from './copy-command'
import { readCredentialFlags, type CredentialFlags } from './credentials-input'
import { CROSSDOCK_VERSION } from './crossdock-version'
import type { EcrFlags } from './ecr-destination'
import { ecrRegion } from './ecr-host'
import { registerAccountsCommand } from './accounts-command'
import { hubAccountNotice, resolveHubAccount, type HubAccount } from './hub-account'
import { hubLimits, hubList, openHubApi, type HubFlags } from './hub-command'
import type { MigrateFlags, ResumeFlags } from './migrate-command'
import type { UiFlags } from './ui-command'
import type { CostsFlags } from './costs-command'
import { registryPools, type RegistryFlags, type RegistryPools } from './registry-options'
import { runCopy, type CopyFlags } from './run-copy'
import { announcePullPlan } from './pull-plan'
import { parsePrefix, syncPairs, tagFilter, type SyncFlags } from './sync-command'
import {
  applyRenamedOptions,
  collect,
  positiveInteger,
  withAccount,
  withAwsProfile,
  withHubEndpoints,
  withRepositorySettings,
  withTagFilters,
} from './shared-options'

type CommandFlags = RegistryFlags & CredentialFlags & CopyFlags & EcrFlags & { allTags?: boolean; account?: string }

export interface CliIo {
  stdout: NodeJS.WriteStream
  stderr: NodeJS.WriteStream
  /** Where --src-creds-stdin and --dest-creds-stdin read; default process.stdin. */
  stdin?: NodeJS.ReadableStream
}

/** Parses argv and runs the command; resolves to the exit code (0 ok, 1 something failed, 2 usage). */
export async function runCli(
  argv: string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const controller = new AbortController()
  // Every request of a run listens to this one signal; hundreds of listeners are expected, not a leak.
  setMaxListeners(0, controller.signal)
  // First Ctrl-C cancels cleanly (open uploads are deleted); a second one exits at once.
  const onSigint = (): void => {
    if (controller.signal.aborted) process.exit(130)
    io.stderr.write('\nCancelling: finishing cleanup of open uploads (Ctrl-C again to quit now)…\n')
    controller.abort()
  }
  process.on('SIGINT', onSigint)
  let exitCode = 0
  const program = buildProgram(io, controller.signal, (code) => (exitCode = code))
  try {
    await program.parseAsync(argv)
    return exitCode
  } catch (error) {
    const failure = cliFailure(error, controller.signal.aborted)
    if (!failure) throw error
    if (failure.text) io.stderr.write(`${failure.text}\n`)
    if (failure.error && wantsJson(argv)) io.stdout.write(`${JSON.stringify({ error: failure.error })}\n`)
    return failure.exitCode
  } finally {
    process.off('SIGINT', onSigint)
  }
}

function buildProgram(io: CliIo, signal: AbortSignal, setExitCode: (code: number) => void): Command {
  const program = new Command('crossdock')
    .description(
      'Copy container images between registries digest for digest (Docker Hub to Amazon ECR, and any OCI registry).',
    )
    .version(CROSSDOCK_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(run crossdock --help for usage)')
    .addHelpText('after', HELP_FOOTER)
    .hook('preAction', (_program, command) =>
      applyRenamedOptions(command, (message) => io.stderr.write(`warning: ${message}\n`)),
    )

  const run = async (
    sides: { source: string; destination: string },
    given: CommandFlags,
    pairsOf: (pools: RegistryPools, hubAccount?: HubAccount) => Promise<CopyPairs | CopyPair[]>,
  ): Promise<void> => {
    const warn = (message: string): void => void io.stderr.write(`warning: ${message}\n`)
    const flags = await readCredentialFlags(given, { stdin: io.stdin ?? process.stdin, warn })
    // One Docker Hub account for listing and pulling alike, named before anything is spent.
    const dockerHub =
      sides.source === 'docker.io'
        ? {
            account: await resolveHubAccount({
              account: flags.account,
              srcCreds: flags.srcCreds ?? process.env.CROSSDOCK_SRC_CREDS,
            }),
          }
        : undefined
    if (dockerHub) io.stderr.write(`${hubAccountNotice(dockerHub.account)}\n`)
    // The AWS SDK loads only for an ECR destination: it would add a tenth of a second to every other run.
    const ecr =
      ecrRegion(sides.destination) || flags.ecr
        ? (await import('./ecr-destination')).ecrDestination(flags, sides.destination, warn)
        : undefined
    const pools = registryPools(flags, sides, { signal, destinationCredentials: ecr?.credentials, dockerHub })
    try {
      const pairs = await pairsOf(pools, dockerHub?.account)
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
    await run(sides, flags, async (pools, hubAccount) => {
      const hub = sides.source === 'docker.io' ? openHubApi(flags, hubAccount) : undefined
      try {
        return await syncPairs(source, destination, pools, { filter, hub: hub?.api, signal, onRefused })
      } finally {
        hub?.close()
      }
    })
    // The rest was copied; a refused repository still makes the run a failure.
    if (refused) setExitCode(1)
  })

  const compare = program
    .command('compare')
    .description(
      'Docker Hub and ECR side by side: per repository and tag, in both, only on one side, or differing by digest.',
    )
    .requiredOption('--from <docker.io/namespace>', 'the Docker Hub namespace (or one repository)')
    .requiredOption('--to <ecr://region/prefix>', 'where the repositories go in ECR: ecr://REGION[/PREFIX]')
    .option('--drop-namespace', 'ECR names leave out the Docker Hub namespace')
    .option('--json', 'print JSON instead of text')
  withAccount(withAwsProfile(withHubEndpoints(compare, { api: true })))
  compare.action(async (flags: CompareFlags) =>
    setExitCode(await (await import('./compare-command')).compare(flags, { stdout: io.stdout, signal })),
  )

  const lazyMigrate = () => import('./migrate-command')
  const migrate = program
    .command('migrate')
    .description(
      'Docker Hub to Amazon ECR: plan (with --dry-run), then create the repositories and copy every ' +
        'selected tag as a ' +
        'resumable job with a report.',
    )
    .requiredOption('--from <docker.io/namespace[/repository]>', 'the Docker Hub namespace, or one repository of it')
    .requiredOption(
      '--to <ecr://[account@]region[/prefix]>',
      "where in ECR: ecr://REGION[/PREFIX] (the account is the AWS credentials' own)",
    )
    .option('--drop-namespace', 'ECR names leave out the Docker Hub namespace')
    .option(
      '--lambda-platform <os/arch>',
      "for multi-platform tags, also push this platform's manifest as TAG-ARCH, which Lambda can run",
    )
    .option('--referrers', 'also copy signatures, SBOMs and attestations that refer to each image')
    .addOption(
      new Option('-j, --jobs <n>', 'blob transfers in flight at once').default(DEFAULT_JOBS).argParser(positiveInteger),
    )
    .option(
      '--dry-run',
      'show the plan (repositories, tags to copy/skip/conflict, pulls against the quota, bytes, time, warnings) and ' +
        'stop',
    )
    .option(
      '--force',
      'run even where the keep-last rule is below the images a new repository gets (ECR will expire some)',
    )
    .option('--json', 'print JSON instead of text')
  withHubEndpoints(
    withRepositorySettings(
      withTagFilters(withAccount(withAwsProfile(migrate)), 'only tags pushed in the last DAYS days'),
    ),
  )
  migrate.action(async (flags: MigrateFlags) =>
    setExitCode(await (await lazyMigrate()).migrate(flags, { ...io, signal })),
  )

  const resume = program
    .command('resume')
    .description('Run an unfinished migration job again: what ECR already holds is skipped, the rest is copied.')
    .argument('<job-id>', 'the job, as crossdock jobs lists it')
    .option('--json', 'print JSON instead of text')
  withHubEndpoints(resume)
  resume.action(async (id: string, flags: ResumeFlags) =>
    setExitCode(await (await lazyMigrate()).resume(id, flags, { ...io, signal })),
  )

  program
    .command('jobs')
    .description('List migration jobs with their state (interrupted ones can be resumed).')
    .option('--json', 'print JSON instead of text')
    .action(async (flags: { json?: boolean }) =>
      setExitCode(await (await import('./jobs-command')).listJobs(flags, io.stdout)),
    )

  program
    .command('report')
    .description(
      "A migration job's report: old → new references, digests verified in ECR, snippets for ECS, EKS, Lambda and " +
        'CodeBuild.',
    )
    .argument('<job-id>', 'the job, as crossdock jobs lists it')
    .addOption(new Option('--format <format>', 'output format').choices(['md', 'json', 'html']).default('md'))
    .action(async (id: string, flags: { format: string }) =>
      setExitCode(await (await import('./jobs-command')).showReport(id, flags, io.stdout)),
    )

  const costs = program
    .command('costs')
    .description(
      'Monthly cost on Docker Hub and on Amazon ECR for a namespace as it is (sizes, pulls), the difference, a ' +
        "12-month projection, and the migration's own cost; every line from a dated price table.",
    )
    .requiredOption('--from <docker.io/namespace[/repository]>', 'the Docker Hub namespace, or one repository of it')
    .requiredOption('--to <ecr://region[/prefix]>', 'where in ECR it would go: ecr://REGION[/PREFIX]')
    .option('--drop-namespace', 'ECR names leave out the Docker Hub namespace')
    .addOption(
      new Option('--hub-plan <plan>', 'the Docker Hub plan to compare with')
        .choices(['personal', 'pro', 'team', 'business'])
        .default('team'),
    )
    .addOption(new Option('--seats <n>', 'Docker Hub seats (users)').default(1).argParser(positiveInteger))
    .addOption(new Option('--billing <period>', 'Docker Hub billing').choices(['monthly', 'annual']).default('annual'))
    .addOption(
      new Option('--pulls <n>', 'monthly pulls of each repository (default: its Docker Hub pull history)').argParser(
        positiveInteger,
      ),
    )
    .addOption(new Option('--internet-share <0-1>', 'share of pulls from outside AWS').default(0).argParser(Number))
    .addOption(
      new Option('--cross-region-share <0-1>', 'share of pulls from other AWS Regions').default(0).argParser(Number),
    )
    .addOption(
      new Option('--nat-share <0-1>', 'share of same-Region pulls through a NAT gateway').default(0).argParser(Number),
    )
    .option('--enhanced-scanning', 'price Amazon Inspector enhanced scanning')
    .addOption(
      new Option('--growth <percent>', 'monthly growth of storage and pulls, for the projection')
        .default(0)
        .argParser(Number),
    )
    .option(
      '--price <figure=value>',
      'override a price or limit of the tables, e.g. ecr.storagePerGbMonth=0.095 (repeatable)',
      collect,
      [],
    )
    .option('--json', 'print JSON instead of text (it lists every figure and its source)')
  withHubEndpoints(withAccount(withAwsProfile(costs)))
  costs.action(async (flags: CostsFlags) =>
    setExitCode(await (await import('./costs-command')).costs(flags, { ...io, signal })),
  )

  const ui = program
    .command('ui')
    .description(
      'Serve the desktop UI to a browser on this machine (127.0.0.1) until interrupted; prints the URL with its ' +
        'session token.',
    )
    .addOption(new Option('--port <n>', 'port to listen on (default: any free one)').argParser(positiveInteger))
    .option('--host <address>', 'address to listen on; anything but loopback lets others reach it (you are warned)')
    .option('--open', 'open the default browser on a one-time launch link (its command line never holds the token)')
    .option(
      '--demo',
      'a local sandbox instead of your accounts: emulated Docker Hub and ECR with sample images (source checkout)',
    )
  withHubEndpoints(ui)
  ui.action(async (flags: UiFlags) =>
    setExitCode(await (await import('./ui-command')).serveUi(flags, { ...io, signal })),
  )

  const hub = program.command('hub').description('Docker Hub: browse namespaces and repositories.')
  withHubFlags(
    hub
      .command('ls')
      .description('List the repositories of a namespace: visibility, tags, pulls, size, last update.')
      .argument('<namespace>', 'a Docker Hub user or organisation'),
  )
    .option('--json', 'print JSON instead of text')
    .action(async (namespace: string, flags: HubFlags) =>
      setExitCode(await hubList(namespace, flags, { stdout: io.stdout, signal })),
    )

  withHubFlags(
    program
      .command('limits')
      .description(
        'Show the Docker Hub pull quota, anonymous and for the signed-in account (read with HEAD requests, ' +
          'which cost ' +
          'no pulls).',
      ),
  )
    .option('--json', 'print JSON instead of text')
    .action(async (flags: HubFlags) => setExitCode(await hubLimits(flags, { stdout: io.stdout, signal })))

  registerAccountsCommand(program, { ...io, signal })

  return program
}

function withHubFlags(command: Command): Command {
  return withAccount(withHubEndpoints(command))
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
