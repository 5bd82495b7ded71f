import { parseUserPass } from '../core/registry/credentials'
import { readAll } from './standard-input'
import { UsageError } from './usage-error'

/** --src-creds/--dest-creds and their stdin twins, which keep the password out of `ps` and shell history. */
export interface CredentialFlags {
  srcCreds?: string
  destCreds?: string
  srcCredsStdin?: boolean
  destCredsStdin?: boolean
}

interface CredentialInput {
  stdin: NodeJS.ReadableStream
  warn(message: string): void
}

/** The flags with each side's credentials as USER:PASSWORD, the password read from stdin where asked. */
export async function readCredentialFlags<T extends CredentialFlags>(flags: T, io: CredentialInput): Promise<T> {
  if (flags.srcCredsStdin && flags.destCredsStdin) {
    throw new UsageError(
      '--src-creds-stdin and --dest-creds-stdin both read standard input, which carries one secret; give the other ' +
        'side in CROSSDOCK_SRC_CREDS or CROSSDOCK_DEST_CREDS, or in ~/.docker/config.json.',
    )
  }
  return {
    ...flags,
    srcCreds: await sideCredentials(flags.srcCreds, flags.srcCredsStdin, '--src-creds', io),
    destCreds: await sideCredentials(flags.destCreds, flags.destCredsStdin, '--dest-creds', io),
  }
}

async function sideCredentials(
  given: string | undefined,
  fromStdin: boolean | undefined,
  flag: string,
  io: CredentialInput,
): Promise<string | undefined> {
  const hasPassword = given?.includes(':') ?? false
  if (!fromStdin) {
    if (hasPassword)
      io.warn(
        `the password given with ${flag} is visible to other users of this machine (ps) and stays in your shell ` +
          `history; pipe it to ${flag}-stdin instead (with ${flag} USER, or USER:PASSWORD on stdin).`,
      )
    return given
  }
  if (hasPassword)
    throw new UsageError(
      `${flag} gives a password and ${flag}-stdin reads one; give only the user with ${flag}, or neither.`,
    )
  // One trailing line end is the shell's, not the password's (as docker login --password-stdin reads it).
  const text = (await readAll(io.stdin)).replace(/\r?\n$/, '')
  if (!text)
    throw new UsageError(`No ${given ? 'password' : 'USER:PASSWORD'} arrived on standard input for ${flag}-stdin.`)
  const credentials = given ? `${given}:${text}` : text
  try {
    parseUserPass(credentials, flag)
  } catch {
    throw new UsageError(
      `${flag}-stdin reads USER:PASSWORD, and the colon is missing or the user is empty; to pipe the password alone, ` +
        `name the user with ${flag} USER.`,
    )
  }
  return credentials
}
