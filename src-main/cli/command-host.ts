export interface CliIo {
  stdout: NodeJS.WriteStream
  stderr: NodeJS.WriteStream
  /** Where --src-creds-stdin and --dest-creds-stdin read; default process.stdin. */
  stdin?: NodeJS.ReadableStream
}

/** What a command's action needs of the program that runs it. */
export interface CommandHost {
  io: CliIo
  /** Aborted by the first Ctrl-C. */
  signal: AbortSignal
  setExitCode(code: number): void
}
