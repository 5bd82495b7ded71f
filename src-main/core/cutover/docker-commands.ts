import type { Node } from 'yaml'
import type { FoundReference } from './found-reference'
import { isTemplated, offsetInSource, type YamlDocument } from './yaml-source'

// The images that `docker pull` / `docker run` / `docker create` (and `docker build --cache-from`) name in shell
// commands written in YAML: CodeBuild's phase commands, GitHub Actions' `run:` steps, GitLab CI's scripts. The shell
// is read as far as finding those words needs: simple commands, quotes, `$(…)`, comments, continuations.

/** The images a command's `docker` invocations name, each at its own characters in the file (see offsetInSource). */
export function commandImages(doc: YamlDocument, node: Node | undefined, place: string): FoundReference[] {
  const span = doc.span(node)
  if (!span) return []
  return shellCommands(span.text).flatMap((words) =>
    dockerImages(words).flatMap((word) => {
      const start = offsetInSource(doc.source, span, word.start, word.text)
      if (start === undefined) return []
      const reference: FoundReference = { start, end: start + word.text.length, text: word.text, place }
      // `$IMAGE`, `${TAG}`, `$(aws …)`, backquotes: the shell computes the image.
      if (isTemplated(word.text) || /[$`]/.test(word.text)) reference.templated = true
      return [reference]
    }),
  )
}

// ---------------------------------------------------------------------------------------------------------------------
// Shell words and docker's arguments

interface Word {
  /** Offsets in the command of the word's characters, its quotes left out when it is quoted whole. */
  start: number
  end: number
  text: string
}

const COMMAND_BREAKS = new Set(['\n', ';', '&', '|', '(', ')'])
const BLANKS = new Set([' ', '\t', '\r'])

/** The words of each simple command (split at `;`, `&&`, `||`, `|`, newlines); comments and continuations skipped. */
function shellCommands(command: string): Word[][] {
  const commands: Word[][] = [[]]
  let i = 0
  while (i < command.length) {
    const c = command[i]
    if (BLANKS.has(c) || command.startsWith('\\\n', i)) i += c === '\\' ? 2 : 1
    else if (COMMAND_BREAKS.has(c)) {
      if (commands.at(-1)!.length > 0) commands.push([])
      i++
    } else if (c === '#') {
      const newline = command.indexOf('\n', i)
      i = newline === -1 ? command.length : newline
    } else {
      const end = wordEnd(command, i)
      commands.at(-1)!.push(unquoted(command, i, end))
      i = end
    }
  }
  return commands
}

function wordEnd(command: string, from: number): number {
  let j = from
  while (j < command.length && !BLANKS.has(command[j]) && !COMMAND_BREAKS.has(command[j])) {
    const c = command[j]
    if (c === '\\') j += 2
    else if (c === "'" || c === '"' || c === '`') j = closing(command, j, c)
    else if (command.startsWith('$(', j) || command.startsWith('${', j)) j = closing(command, j + 1, command[j + 1])
    else j++
  }
  return Math.min(j, command.length)
}

/** The offset after the quote or bracket that closes the one at `open` (nesting counted for brackets). */
function closing(command: string, open: number, opener: string): number {
  const closer = opener === '(' ? ')' : opener === '{' ? '}' : opener
  let depth = 0
  for (let j = open + 1; j < command.length; j++) {
    const c = command[j]
    if (c === '\\' && opener !== "'") j++
    else if (c === closer && depth === 0) return j + 1
    else if (c === closer) depth--
    else if (c === opener && closer !== opener) depth++
  }
  return command.length
}

/** A word quoted whole (`"nginx:1.27"`) is its inside; any other word is its characters as written. */
function unquoted(command: string, start: number, end: number): Word {
  const written = command.slice(start, end)
  const quote = written[0]
  if ((quote === '"' || quote === "'") && written.length >= 2 && written.indexOf(quote, 1) === written.length - 1)
    return { start: start + 1, end: end - 1, text: written.slice(1, -1) }
  return { start, end, text: written }
}

/** docker's own options before the command that take a value (`docker --context prod run …`). */
const DOCKER_VALUE_OPTIONS = new Set(['-c', '--context', '--config', '-H', '--host', '-l', '--log-level'])
/** Options of `docker run` / `create` / `pull` that take no value; every other option takes one. */
const FLAGS_WITHOUT_VALUE = new Set([
  '--all-tags',
  '--detach',
  '--disable-content-trust',
  '--help',
  '--init',
  '--interactive',
  '--no-healthcheck',
  '--oom-kill-disable',
  '--privileged',
  '--publish-all',
  '--quiet',
  '--read-only',
  '--rm',
  '--sig-proxy',
  '--tty',
])
/** Short options without a value: `-d`, `-i`, `-t`, `-P`, `-q`, and `-a` of `pull` (`run -a` takes a stream). */
const SHORT_FLAGS = { run: 'diPqt', pull: 'aq' }

/** Words a command may start with before the program it runs: `sudo -E docker …`, `FOO=1 docker …`. */
const isPrefix = (text: string) => /^(sudo|time|exec|command|nohup|-.*|[A-Za-z_]\w*=.*)$/.test(text)

/** The image words of one simple command, if it runs docker (`echo docker run x` does not). */
function dockerImages(words: Word[]): Word[] {
  const program = words.findIndex((word) => !isPrefix(word.text))
  if (program === -1 || !/(^|\/)docker$/.test(words[program].text)) return []
  let at = program + 1
  while (words[at]?.text.startsWith('-')) at += DOCKER_VALUE_OPTIONS.has(words[at].text) ? 2 : 1
  // `docker image pull`, `docker container run`, `docker buildx build` are the same commands.
  if (['image', 'container', 'buildx'].includes(words[at]?.text)) at++
  const subcommand = words[at]?.text
  const rest = words.slice(at + 1)
  if (subcommand === 'pull') return firstOperand(rest, SHORT_FLAGS.pull)
  if (subcommand === 'run' || subcommand === 'create') return firstOperand(rest, SHORT_FLAGS.run)
  // A build names the image it makes (`-t`), not one it pulls; only a cache source is pulled.
  if (subcommand === 'build') return cacheSources(rest)
  return []
}

/** The first word that is neither an option nor an option's value: the image (what follows is its command). */
function firstOperand(words: Word[], shortFlags: string): Word[] {
  for (let i = 0; i < words.length; i++) {
    const text = words[i].text
    if (text === '--') return words.slice(i + 1, i + 2)
    if (text.startsWith('--')) {
      if (!text.includes('=') && !FLAGS_WITHOUT_VALUE.has(text)) i++
    } else if (text.startsWith('-') && text.length > 1) {
      // `-it`, `-dp 80:80`, `-eKEY=v`: flags until the first that takes a value, which takes the rest or the next word.
      const valueAt = [...text.slice(1)].findIndex((letter) => !shortFlags.includes(letter))
      if (valueAt === text.length - 2) i++
    } else return [words[i]]
  }
  return []
}

/** `--cache-from IMAGE`, `--cache-from=IMAGE`, and buildx's `type=registry,ref=IMAGE`. */
function cacheSources(words: Word[]): Word[] {
  return words.flatMap((word, i) => {
    if (word.text === '--cache-from' && words[i + 1]) return cacheSource(words[i + 1])
    if (word.text.startsWith('--cache-from=')) return cacheSource(slice(word, '--cache-from='.length, word.text.length))
    return []
  })
}

function cacheSource(value: Word): Word[] {
  if (!value.text.includes('=')) return [value]
  const ref = /(^|,)ref=([^,]+)/.exec(value.text)
  if (!ref) return []
  const from = ref.index + ref[1].length + 'ref='.length
  return [slice(value, from, from + ref[2].length)]
}

function slice(word: Word, from: number, to: number): Word {
  return { start: word.start + from, end: word.start + to, text: word.text.slice(from, to) }
}
