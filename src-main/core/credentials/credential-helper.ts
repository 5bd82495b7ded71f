import { execFile } from 'node:child_process'
import { CrossdockError, throwIfAborted } from '../lib/errors'

/** What a helper keeps under one server URL. */
export interface HelperEntry {
  username: string
  secret: string
}

/**
 * One `docker-credential-<helper>` program spoken to by the docker-credential-helpers protocol: the action is the
 * argument, the input goes on stdin. Its output never reaches an error message: it may hold a secret.
 */
export class CredentialHelperProgram {
  readonly program: string

  /** `fix`: what the user should do when the program is missing or fails, e.g. where it is configured. */
  constructor(
    helper: string,
    private readonly fix = 'install it or remove it from ~/.docker/config.json',
  ) {
    this.program = `docker-credential-${helper}`
  }

  /** The entry stored for a server URL, or undefined when the helper has none. */
  async get(serverUrl: string, signal?: AbortSignal): Promise<HelperEntry | undefined> {
    const stdout = await this.run('get', serverUrl, signal)
    if (stdout === undefined) return undefined
    try {
      const answer = JSON.parse(stdout) as { Username?: string; Secret?: string }
      return { username: answer.Username ?? '', secret: answer.Secret ?? '' }
    } catch {
      throw new CrossdockError(
        'CREDENTIALS',
        `The Docker credential helper ${this.program} printed something that is not JSON.`,
      )
    }
  }

  async store(serverUrl: string, entry: HelperEntry, signal?: AbortSignal): Promise<void> {
    await this.run(
      'store',
      JSON.stringify({ ServerURL: serverUrl, Username: entry.username, Secret: entry.secret }),
      signal,
    )
  }

  /** Erasing what is not there is not an error: the outcome is the same. */
  async erase(serverUrl: string, signal?: AbortSignal): Promise<void> {
    await this.run('erase', serverUrl, signal)
  }

  /** Resolves to stdout, or undefined for the protocol's "credentials not found" answer. */
  private run(action: 'get' | 'store' | 'erase', input: string, signal?: AbortSignal): Promise<string | undefined> {
    return new Promise((resolve, reject) => {
      const child = execFile(
        this.program,
        [action],
        { timeout: 30_000, maxBuffer: 1 << 20, signal },
        (error, stdout) => {
          if (!error) return resolve(stdout)
          // The protocol's answer for "nothing stored" is a non-zero exit with this text on stdout.
          if (/credentials not found/i.test(stdout)) return resolve(undefined)
          try {
            throwIfAborted(signal)
          } catch (cancelled) {
            return reject(cancelled)
          }
          const reason =
            (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it is not on PATH' : 'it exited with an error'
          reject(
            new CrossdockError(
              'CREDENTIALS',
              `The Docker credential helper ${this.program} could not be used (${reason}); ${this.fix}.`,
            ),
          )
        },
      )
      // A helper that exits before reading stdin closes the pipe; its exit status tells what happened.
      child.stdin?.on('error', () => undefined)
      child.stdin?.end(input)
    })
  }
}
