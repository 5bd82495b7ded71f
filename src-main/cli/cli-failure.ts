import { CommanderError } from 'commander'
import { isCrossdockError } from '../core/lib/errors'
import { UsageError } from './usage-error'

/** How a failed command ends: its exit code, and (unless commander said it already) what to print. */
export interface CliFailure {
  exitCode: number
  /** For `--json`: `{"error":{"code","message"}}`; none for help and version, which are not failures. */
  error?: { code: string; message: string }
  /** The line for stderr; none where commander has printed its own. */
  text?: string
}

/** The failure an error means, or undefined for an error nobody expected (a bug: let it surface). */
export function cliFailure(error: unknown, cancelled: boolean): CliFailure | undefined {
  if (error instanceof CommanderError) {
    if (error.exitCode === 0) return { exitCode: 0 }
    return { exitCode: 2, error: { code: 'USAGE', message: error.message.replace(/^error: /, '') } }
  }
  if (
    error instanceof UsageError ||
    isCrossdockError(error, 'USAGE') ||
    isCrossdockError(error, 'REFERENCE_INVALID') ||
    isCrossdockError(error, 'DIGEST_INVALID')
  ) {
    const code = isCrossdockError(error) ? error.code : 'USAGE'
    return { exitCode: 2, error: { code, message: error.message }, text: `crossdock: ${error.message}` }
  }
  if (isCrossdockError(error)) {
    return {
      exitCode: cancelled ? 130 : 1,
      error: { code: error.code, message: error.message },
      text: `crossdock: ${error.code}: ${error.message}`,
    }
  }
  return undefined
}

/** Whether the command line asks for JSON (options after `--` are arguments, not options). */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--')
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json')
}

/** The end of `crossdock --help`: what the exit codes mean and which environment variables are read. */
export const HELP_FOOTER = `
Exit codes:
  0    done
  1    something failed (the output names each failure); a migration job that ended failed or incomplete
  2    usage: a bad option, argument or name; nothing was done
  130  cancelled (Ctrl-C)

With --json, a failure is also printed on stdout as {"error":{"code":"…","message":"…"}}.

Environment:
  CROSSDOCK_HUB_ACCOUNT                      saved Docker Hub account to use (as --account)
  CROSSDOCK_HUB_USER, CROSSDOCK_HUB_TOKEN    a Docker Hub user and access token for this run, not saved
  CROSSDOCK_SRC_CREDS, CROSSDOCK_DEST_CREDS  USER:PASSWORD for copy and sync (as --src-creds, --dest-creds)
  CROSSDOCK_HUB_API, CROSSDOCK_HUB_REGISTRY  Docker Hub endpoints (as --hub-api, --hub-registry)
  CROSSDOCK_CREDENTIAL_HELPER                the Docker credential helper that keeps saved tokens (default: credsStore)
  CROSSDOCK_CONFIG_DIR                       accounts and jobs (default: $XDG_CONFIG_HOME/crossdock, or the platform's)
  CROSSDOCK_QUOTA_POLL_SECONDS               how often a run waiting for the Docker Hub quota asks again (default: 30)
  AWS_PROFILE, AWS_REGION                    the AWS SDK's own (as --profile; the Region of an ECR host name wins)
  DOCKER_CONFIG                              the folder of Docker's config.json (default: ~/.docker)
`
