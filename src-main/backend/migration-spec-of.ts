import type { ParsedArgs } from '../contract'
import { CrossdockError } from '../core/lib/errors'
import { parseMigrationSpec, type MigrationSpec } from '../core/migration/migration-spec'

/** A migration as the UI asks for it, in the spec a job keeps. */
export function migrationSpecOf(args: ParsedArgs<'migrate.start'>): MigrationSpec {
  const outside = args.selection.filter((chosen) => !chosen.repository.startsWith(`${args.namespace}/`))
  if (outside.length > 0)
    throw new CrossdockError('USAGE', `${outside[0]!.repository} is not in the namespace ${args.namespace}.`)
  return parseMigrationSpec({
    // No selection (a cost estimate of everything) is the whole namespace.
    from: { namespace: args.namespace, ...(args.selection.length > 0 ? { selection: args.selection } : {}) },
    to: { region: args.aws.region, prefix: args.prefix },
    dropNamespace: args.dropNamespace,
    settings: args.settings,
    referrers: args.referrers,
    acceptLifecycleExpiry: args.acceptLifecycleExpiry,
    lambdaPlatform: args.lambdaPlatform,
    awsProfile: args.aws.profile,
    hubAccount: args.hubAccount,
  })
}
