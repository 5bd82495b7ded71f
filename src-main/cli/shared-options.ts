import { type Command, InvalidArgumentError, Option } from 'commander'

/**
 * Options that several commands take, declared once so they are named and explained alike everywhere; and the
 * old names of renamed ones, still accepted for one release with a notice.
 */

export function positiveInteger(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1.')
  return n
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value]
}

/** `--account`: a saved Docker Hub account. */
export function withAccount(command: Command): Command {
  return command.option(
    '--account <name>',
    'saved Docker Hub account to use (crossdock accounts ls; or CROSSDOCK_HUB_ACCOUNT)',
  )
}

/** Where Docker Hub is reached: its API (listings) and its registry (pulls); emulators and mirrors set them. */
export function withHubEndpoints(
  command: Command,
  which: { api?: boolean; registry?: boolean } = { api: true, registry: true },
): Command {
  if (which.api)
    command.option('--hub-api <url>', 'Docker Hub API endpoint (or CROSSDOCK_HUB_API); default: hub.docker.com')
  if (which.registry)
    command.option(
      '--hub-registry <url>',
      'Docker Hub registry endpoint (or CROSSDOCK_HUB_REGISTRY); default: registry-1.docker.io',
    )
  return command
}

/** `--profile`, as the AWS CLI names it. */
export function withAwsProfile(command: Command): Command {
  return command
    .option('--profile <name>', 'AWS profile (SSO and assumed roles included); default: the AWS default chain')
    .addOption(new Option('--aws-profile <name>').hideHelp())
}

/** The tag filters of `sync` and `migrate`. */
export function withTagFilters(command: Command, pushedWithin: string): Command {
  return command
    .option('--tags <regex>', 'only tags matching this (the whole tag)')
    .option('--exclude-tags <regex>', 'leave out tags matching this (the whole tag)')
    .addOption(new Option('--pushed-within <days>', pushedWithin).argParser(positiveInteger))
    .addOption(
      new Option('--latest <n>', 'only the newest N tags of each repository (by version, else by push time)').argParser(
        positiveInteger,
      ),
    )
}

/**
 * Settings of the ECR repositories a run creates (existing ones are left as they are, with a warning where they
 * differ).
 */
export function withRepositorySettings(command: Command): Command {
  return command
    .addOption(
      new Option('--mutability <mode>', 'tag mutability of created repositories').choices(['mutable', 'immutable']),
    )
    .option(
      '--mutable-tag <pattern>',
      'a tag pattern that stays mutable in immutable repositories (ECR wildcard, repeatable)',
      collect,
      [],
    )
    .option('--scan-on-push', 'created repositories scan images on push')
    .option('--kms-key <arn>', 'created repositories are encrypted with this KMS key (default: AES256)')
    .option(
      '--lifecycle <rules>',
      'lifecycle policy of created repositories: keep-last:N, expire-untagged:DAYS (comma-separated)',
    )
    .option('--repo-tag <key=value>', 'resource tag for created repositories (repeatable)', collect, [])
    .addOption(new Option('--immutable-tags').hideHelp())
    .addOption(new Option('--keep-last <n>').hideHelp().argParser(positiveInteger))
    .addOption(new Option('--expire-untagged-days <n>').hideHelp().argParser(positiveInteger))
}

interface RenamedOption {
  /** The old option's key in the parsed options. */
  key: string
  was: string
  now: string
  /** Sets the new option from the old one's value. */
  apply(command: Command, value: unknown): void
}

const appendRule = (command: Command, rule: string): void => {
  const rules = command.getOptionValue('lifecycle') as string | undefined
  command.setOptionValue('lifecycle', rules ? `${rules},${rule}` : rule)
}

/** Renamed in 0.2 (one name per setting on every command); the old names go in the release after. */
const RENAMED: readonly RenamedOption[] = [
  {
    key: 'awsProfile',
    was: '--aws-profile',
    now: '--profile',
    apply: (c, v) => c.setOptionValue('profile', c.getOptionValue('profile') ?? v),
  },
  {
    key: 'awsRegion',
    was: '--aws-region',
    now: '--region',
    apply: (c, v) => c.setOptionValue('region', c.getOptionValue('region') ?? v),
  },
  {
    key: 'immutableTags',
    was: '--immutable-tags',
    now: '--mutability immutable',
    apply: (c) => c.setOptionValue('mutability', 'immutable'),
  },
  {
    key: 'keepLast',
    was: '--keep-last N',
    now: '--lifecycle keep-last:N',
    apply: (c, v) => appendRule(c, `keep-last:${v}`),
  },
  {
    key: 'expireUntaggedDays',
    was: '--expire-untagged-days N',
    now: '--lifecycle expire-untagged:N',
    apply: (c, v) => appendRule(c, `expire-untagged:${v}`),
  },
]

/** Before a command runs: each old option name given is carried over to its new one, with a notice. */
export function applyRenamedOptions(command: Command, warn: (message: string) => void): void {
  for (const renamed of RENAMED) {
    const value = command.getOptionValue(renamed.key)
    if (value === undefined) continue
    warn(`${renamed.was} is now ${renamed.now}; the old name still works in this release and goes in the next.`)
    renamed.apply(command, value)
    command.setOptionValue(renamed.key, undefined)
  }
}
