import type { Command } from 'commander'
import type { CommandHost } from './command-host'
import type { RefsScanFlags } from './refs-references'
import type { RefsLiveFlags } from './refs-live-command'
import type { RefsRewriteFlags } from './refs-rewrite-command'
import { collect, withAccount, withAwsProfile, withHubEndpoints } from './shared-options'

/**
 * The cutover: `refs scan` finds every image reference in the team's files and says which still pull from Docker
 * Hub; `refs rewrite` moves them to ECR.
 */
export function registerCutoverCommands(program: Command, host: CommandHost): void {
  const { io, signal, setExitCode } = host
  const refs = program
    .command('refs')
    .description("The cutover: image references in the team's files, and which still pull from Docker Hub.")
  const scan = withMapping(
    refs
      .command('scan')
      .description(
        'Find every image reference under the folders (Dockerfiles, compose, Kubernetes, Kustomize, Helm values, ' +
          'ECS task definitions, Terraform, CodeBuild, GitHub Actions, GitLab CI) and check each against ECR.',
      )
      .argument('<path...>', 'folders (or files) to scan; .gitignore is honoured, node_modules and vendor skipped'),
  )
  scan.action(async (paths: string[], flags: RefsScanFlags) =>
    setExitCode(await (await import('./refs-command')).scanRefs(paths, flags, { ...io, signal })),
  )

  const rewrite = withMapping(
    refs
      .command('rewrite')
      .description(
        'Show, as a diff, every Docker Hub reference moved to its ECR image (only those verified in ECR), each ' +
          'labelled safe, needs copy or would break; write nothing unless --apply.',
      )
      .argument('<path...>', 'folders (or files) whose references to move'),
  )
    .option('--apply', 'write the changes (each file replaced atomically, its mode kept)')
    .option('--include-unverified', 'also move references whose ECR image is not verified (with --offline: all)')
    .option('--pin-digest', 'write repo:tag@sha256:… with the digest Docker Hub has now')
    .option('--branch <name>', 'with --apply, in a git work tree: create this branch and commit the change there')
    .option('--allow-dirty', 'with --branch: go ahead although the work tree has uncommitted changes')
  rewrite.action(async (paths: string[], flags: RefsRewriteFlags) =>
    setExitCode(await (await import('./refs-rewrite-command')).rewriteRefs(paths, flags, { ...io, signal })),
  )

  const live = withMapping(
    refs
      .command('live')
      .description(
        'Read the running workloads (ECS services and CodeBuild projects with --ecs; Kubernetes with ' +
          '--kube-context) and say how many still pull from Docker Hub, and whether each image is ready in ECR.',
      )
      .argument('[path...]', 'folders whose files define the workloads: each image is linked to the files naming it'),
  )
    .option('--ecs', 'ECS services (their task definitions) and CodeBuild projects of the AWS account')
    .option('--cluster <name>', 'with --ecs: only this cluster (repeatable); default: all of them', collect, [])
    .option('--region <region>', 'with --ecs: the AWS Region; default: AWS_REGION')
    .option(
      '--kube-context <name>',
      'a context of the kubeconfig (KUBECONFIG, else ~/.kube/config), as kubectl reads it',
    )
    .option('--namespace <name>', 'with --kube-context: one namespace; default: all of them')
    .option('--kubeconfig <path>', 'a kubeconfig file other than the default one')
  live.action(async (paths: string[], flags: RefsLiveFlags) =>
    setExitCode(await (await import('./refs-live-command')).liveRefs(paths, flags, { ...io, signal })),
  )
}

/** Where the images went (`--job`, `--map`), how to check them, and how to print: what scan and rewrite share. */
function withMapping(command: Command): Command {
  command
    .option('--job <job-id>', "where the images went: a migration job's report (repeatable)", collect, [])
    .option(
      '--map <from=to>',
      'where the images went: a prefix rule, e.g. docker.io/acme=123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme ' +
        '(repeatable)',
      collect,
      [],
    )
    .option('--offline', 'do not ask the registries: Docker Hub references get status unknown')
    .option('--json', 'print JSON instead of text')
  return withAccount(withAwsProfile(withHubEndpoints(command, { registry: true })))
}
