import { type Command, Option } from 'commander'
import { DEFAULT_JOBS } from '../core/migration/copy-engine'
import type { CommandHost } from './command-host'
import type { CompareFlags } from './compare-command'
import type { CostsFlags } from './costs-command'
import type { FindingsFlags } from './findings-command'
import type { MigrateFlags, ResumeFlags } from './migrate-command'
import {
  collect,
  positiveInteger,
  withAccount,
  withAwsProfile,
  withHubEndpoints,
  withRepositorySettings,
  withTagFilters,
} from './shared-options'

/**
 * Docker Hub to ECR: `compare`, `migrate`, `resume`, `jobs`, `report`, `costs`, `findings`. Each command's module
 * loads when it runs, so the AWS SDK and zod cost nothing to the others.
 */
export function registerMigrationCommands(program: Command, host: CommandHost): void {
  const { io, signal, setExitCode } = host
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

  const findings = program
    .command('findings')
    .description(
      "What ECR's scanner found in the images under a prefix: counts by severity and the worst findings (CVE, " +
        'package, installed and fixed version, link), for basic and enhanced scanning.',
    )
    .requiredOption('--to <ecr://region[/prefix]>', 'the repositories: ecr://REGION[/PREFIX]')
    .addOption(new Option('--top <n>', 'findings listed per image, worst first').default(5).argParser(positiveInteger))
    .addOption(
      new Option('--wait <seconds>', 'wait up to this long for scans still running').argParser(positiveInteger),
    )
    .option('--json', 'print JSON instead of text')
  withAwsProfile(findings)
  findings.action(async (flags: FindingsFlags) =>
    setExitCode(await (await import('./findings-command')).findings(flags, { stdout: io.stdout, signal })),
  )
}
