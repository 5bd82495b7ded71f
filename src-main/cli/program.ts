import { setMaxListeners } from 'node:events'
import { Command, Option } from 'commander'
import { registerAccountsCommand } from './accounts-command'
import { cliFailure, HELP_FOOTER, wantsJson } from './cli-failure'
import type { CliIo, CommandHost } from './command-host'
import { registerCopyCommands } from './copy-commands'
import { CROSSDOCK_VERSION } from './crossdock-version'
import { registerCutoverCommands } from './cutover-commands'
import { hubLimits, hubList, type HubFlags } from './hub-command'
import { registerMigrationCommands } from './migration-commands'
import { applyRenamedOptions, positiveInteger, withAccount, withHubEndpoints } from './shared-options'
import type { UiFlags } from './ui-command'

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

  const host: CommandHost = { io, signal, setExitCode }
  registerCopyCommands(program, host)
  registerMigrationCommands(program, host)
  registerCutoverCommands(program, host)

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
