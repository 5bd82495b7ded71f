import { nameAsWritten } from '../reference/reference'
import type { FoundReference, ReferenceFinder } from './found-reference'

/**
 * Image references in Dockerfiles and Containerfiles: `FROM`, the top-of-file `# syntax=` directive, `COPY --from`,
 * `RUN --mount=…,from=` and the pre-FROM `ARG` defaults a FROM takes its image from. The file is read the way
 * BuildKit reads it (moby/buildkit frontend/dockerfile/parser, instructions and dockerfile2llb): parser directives,
 * the escape character, line continuations, comments, heredoc bodies, builder flags and the shell-style expansion of
 * FROM lines follow its rules, so a word is reported when BuildKit would pull it, and never from a comment or from a
 * heredoc's body.
 */

// `*Dockerfile*`, `*Containerfile*` with the first letter in either case, as people name them: `Dockerfile.prod`,
// `api.Dockerfile`, `prod.dockerfile`, `Containerfile`.
const DOCKERFILE_NAME = /[Dd]ockerfile|[Cc]ontainerfile/
// Files named after the Dockerfile they go with, but of another format: documentation, data, scripts, BuildKit's
// per-Dockerfile ignore files (`Dockerfile.prod.dockerignore`), editor and merge leftovers.
const OTHER_FORMATS = new Set(
  (
    'json jsonc md markdown rst txt yml yaml toml xml html ini cfg conf sh bash ps1 py js mjs cjs ts go rb ' +
    'lock log bak orig swp rej diff patch dockerignore containerignore'
  ).split(' '),
)

export function isDockerfilePath(path: string): boolean {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1)
  if (!DOCKERFILE_NAME.test(name)) return false
  const dot = name.lastIndexOf('.')
  return dot === -1 || !OTHER_FORMATS.has(name.slice(dot + 1).toLowerCase())
}

export const findDockerfileReferences: ReferenceFinder = (source) => {
  const dockerfile = readDockerfile(source)
  const found: FoundReference[] = []
  if (dockerfile.syntax) found.push({ ...spanOf(source, dockerfile.syntax), place: 'dockerfile:# syntax' })
  const args = globalArgs(dockerfile)
  // COPY --from and RUN --mount from= look a name up among all the stages, wherever declared (BuildKit resolves
  // them after registering every stage); a FROM only among the stages declared before it.
  const allStages = new Set(dockerfile.instructions.flatMap((instruction) => stageName(instruction) ?? []))
  const earlierStages = new Set<string>()
  for (const instruction of dockerfile.instructions) {
    if (instruction.keyword === 'from') {
      const image = fieldsOf(instruction.args)[0]
      const reference = image && fromReference(source, image, args, earlierStages, dockerfile.escape)
      if (reference) found.push(reference)
      const name = stageName(instruction)
      if (name !== undefined) earlierStages.add(name)
    } else found.push(...sourceReferences(source, instruction, allStages))
  }
  // Several FROM lines can take their image from one ARG default: it is one place to rewrite.
  const unique = new Map<string, FoundReference>(
    found.map((reference) => [`${reference.start}:${reference.end}`, reference]),
  )
  return [...unique.values()].sort((a, b) => a.start - b.start)
}

/**
 * The images a COPY --from or a RUN --mount from= reads. An ONBUILD trigger runs in the build of an image based on
 * this one, where a name may be a stage of that other Dockerfile: its references are likely ones.
 */
function sourceReferences(source: string, instruction: Instruction, stages: Set<string>): FoundReference[] {
  if (instruction.keyword === 'onbuild') {
    const trigger = instructionOf(instruction.args)
    if (!trigger || trigger.keyword === 'onbuild') return []
    return sourceReferences(source, trigger, stages).map((reference) => ({
      ...reference,
      place: reference.place.replace('dockerfile:', 'dockerfile:ONBUILD '),
      confidence: 'likely',
    }))
  }
  const values =
    instruction.keyword === 'copy'
      ? flagValues(instruction, 'from').map((value) => ({ value, place: 'dockerfile:COPY --from' }))
      : instruction.keyword === 'run'
        ? flagValues(instruction, 'mount').flatMap((mount) =>
            mountSources(mount).map((value) => ({ value, place: 'dockerfile:RUN --mount' })),
          )
        : []
  return values.flatMap(({ value, place }) => fromFlagReference(source, value, place, stages) ?? [])
}

// ---- What a FROM, a --from or a mount's from= names

/** Stands in a value for characters the file does not fix: unset ARGs, the platform ARGs BuildKit sets. */
const UNKNOWN = -1
// Declared by BuildKit for every FROM line; their values depend on the build, not on the file.
const PLATFORM_ARGS = [
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDARCH',
  'BUILDVARIANT',
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETARCH',
  'TARGETVARIANT',
]

/** The ARGs declared before the first FROM, the only ones a FROM line can use, as their defaults left them. */
interface GlobalArgs {
  /** Each value as file offsets (UNKNOWN where the file does not fix it); an ARG without a default is absent. */
  values: Map<string, number[]>
  /** Where each default is written, to name the ARG whose default a FROM takes its image from. */
  defaults: { name: string; start: number; end: number }[]
}

function globalArgs(dockerfile: Dockerfile): GlobalArgs {
  const values = new Map<string, number[]>(PLATFORM_ARGS.map((name) => [name, [UNKNOWN]]))
  const defaults: GlobalArgs['defaults'] = []
  for (const instruction of dockerfile.instructions) {
    if (instruction.keyword === 'from') break
    if (instruction.keyword !== 'arg') continue
    for (const word of argWords(instruction.args, dockerfile.escape)) {
      const equals = word.text.indexOf('=')
      // `ARG NAME` leaves the name unset unless a build argument sets it (or, for a platform ARG, BuildKit does).
      if (equals === -1) continue
      const name = word.text.slice(0, equals)
      const value = sliceOf(word, equals + 1)
      // A default is expanded when declared, with the ARGs declared before it.
      values.set(name, expandWord(value, values, dockerfile.escape))
      if (value.at.length > 0) defaults.push({ name, start: value.at[0], end: value.at.at(-1)! + 1 })
    }
  }
  return { values, defaults }
}

/**
 * A FROM's image as BuildKit resolves it with the ARG defaults. When those characters are written in one piece,
 * that piece is the reference, wherever it is: on the FROM line (`FROM node:20`, or the default of an unset
 * `${BASE:-node:20}`) or in an ARG default (`ARG NODE=node:20` + `FROM $NODE`, place `ARG NODE (used by FROM)`),
 * since rewriting that piece is how the image moves and leaves every `${…}` as it was. An image made of several
 * pieces (`${REGISTRY}/api:${TAG}`) or of values the file does not fix is listed as written, `templated`, never
 * rewritten; when the defaults resolve it fully, `notes` says to what (`resolved: docker.io/api:1.2`), so the scan
 * can still judge where it pulls from.
 */
function fromReference(
  source: string,
  image: Located,
  args: GlobalArgs,
  earlierStages: Set<string>,
  escapeChar: string,
): FoundReference | undefined {
  const value = expandWord(image, args.values, escapeChar)
  const resolved = value.includes(UNKNOWN) ? undefined : textAt(source, value)
  if (resolved === '' || resolved?.toLowerCase() === 'scratch' || couldNameStage(source, value, earlierStages)) {
    return undefined
  }
  if (isOnePiece(value)) return { ...spanOf(source, pieceOf(value)), place: fromPlace(args, pieceOf(value)) }
  // `golang:${GO_VERSION}-alpine`: the name is one piece and only the tag varies, so the name moves and the tag's
  // variables stay; the text is the image the defaults make (a `$` left in it is no image: templated).
  const name = resolved === undefined || resolved.includes('$') ? [] : value.slice(0, nameAsWritten(resolved).length)
  if (resolved === undefined || !isOnePiece(name)) return templated(source, image.at, 'dockerfile:FROM', resolved)
  const repository = spanOf(source, pieceOf(name))
  return { ...repository, text: resolved, place: fromPlace(args, repository), parts: { repository } }
}

function pieceOf(value: number[]): { start: number; end: number } {
  return { start: value[0]!, end: value.at(-1)! + 1 }
}

/** `dockerfile:FROM`, or the ARG whose default holds the characters. */
function fromPlace(args: GlobalArgs, { start, end }: { start: number; end: number }): string {
  const argument = args.defaults.find((written) => written.start <= start && end <= written.end)
  return argument ? `dockerfile:ARG ${argument.name} (used by FROM)` : 'dockerfile:FROM'
}

/**
 * Stage names are compared case-insensitively: BuildKit lowercases `AS Build` and the names `--from` looks up, and
 * a FROM naming a stage in other capitals could not be an image either (a stage name has no `/`, and a one-part
 * image name is lowercase). A name built from values the file does not fix is a stage when some stage matches it
 * with those parts as wildcards (`FROM stage-$TARGETARCH` beside `AS stage-amd64`): such names are written to pick
 * a stage. A bare unset ARG (`FROM $BASE`) could be anything, so it is listed as a templated image.
 */
function couldNameStage(source: string, value: number[], stages: Set<string>): boolean {
  if (!value.includes(UNKNOWN)) return stages.has(textAt(source, value).toLowerCase())
  if (value.every((offset) => offset === UNKNOWN)) return false
  const pattern = value.map((offset) => (offset === UNKNOWN ? '.*' : escapeRegExp(source[offset]))).join('')
  const name = new RegExp(`^${pattern}$`, 'is')
  return [...stages].some((stage) => name.test(stage))
}

/**
 * `COPY --from=` and `RUN --mount=…,from=` name a stage when any stage is declared with that name, anywhere in the
 * file (BuildKit: `findStateByName` after all stages are registered); a number is a stage's index; otherwise an
 * image. BuildKit refuses variables there ("variable expansion is not supported for --from"), so a value with `$`
 * is listed as templated rather than guessed at.
 */
function fromFlagReference(
  source: string,
  value: Located,
  place: string,
  stages: Set<string>,
): FoundReference | undefined {
  const name = value.text
  if (name === '' || /^\d+$/.test(name) || name.toLowerCase() === 'scratch' || stages.has(name.toLowerCase())) {
    return undefined
  }
  if (name.includes('$')) return templated(source, value.at, place, undefined)
  if (!isOnePiece(value.at)) return templated(source, value.at, place, name)
  return { ...spanOf(source, { start: value.at[0], end: value.at.at(-1)! + 1 }), place }
}

function templated(source: string, at: number[], place: string, resolved: string | undefined): FoundReference {
  const reference: FoundReference = { ...spanOf(source, { start: at[0], end: at.at(-1)! + 1 }), place, templated: true }
  if (resolved !== undefined) reference.notes = [`resolved: ${resolved}`]
  return reference
}

/** `FROM image AS name`: BuildKit takes the name only in that three-word form, and lowercases it. */
function stageName(instruction: Instruction): string | undefined {
  if (instruction.keyword !== 'from') return undefined
  const [, as, name] = fieldsOf(instruction.args)
  return as?.text.toLowerCase() === 'as' && name ? name.text.toLowerCase() : undefined
}

/** The values of a builder flag (`--from=…`); flag names are case-sensitive, as in BuildKit. */
function flagValues(instruction: Instruction, name: string): Located[] {
  const prefix = `--${name}=`
  return instruction.flags.filter((flag) => flag.text.startsWith(prefix)).map((flag) => sliceOf(flag, prefix.length))
}

/** The `from=` of a `--mount` value, a CSV line of `key=value` fields (BuildKit lowercases the keys). */
function mountSources(mount: Located): Located[] {
  const sources: Located[] = []
  const { text } = mount
  let i = 0
  while (i <= text.length) {
    const kept: number[] = []
    if (text[i] === '"') {
      for (i++; i < text.length; i++) {
        if (text[i] !== '"') kept.push(i)
        else if (text[i + 1] === '"') kept.push(++i)
        else break
      }
      i++
    }
    for (; i < text.length && text[i] !== ','; i++) kept.push(i)
    i++
    const field = pickOf(mount, kept)
    const equals = field.text.indexOf('=')
    if (equals !== -1 && field.text.slice(0, equals).toLowerCase() === 'from') sources.push(sliceOf(field, equals + 1))
  }
  return sources
}

// ---- Reading the file into instructions

/** Characters of (part of) a logical line and, for each, its offset in the file. */
interface Located {
  text: string
  at: number[]
}

interface Instruction {
  /** Lowercase: instructions are case-insensitive. */
  keyword: string
  /** BuildKit takes leading `--name=value` words of every instruction as flags, quotes and `\` escapes removed. */
  flags: Located[]
  args: Located
}

interface Dockerfile {
  /** The value of the `# syntax=` parser directive: the image of the frontend that builds the file. */
  syntax?: { start: number; end: number }
  /** The escape character: `\`, or `` ` `` after `# escape=` `` ` `` (Windows paths). */
  escape: string
  instructions: Instruction[]
}

/** Go's unicode.IsSpace, which BuildKit trims and splits with (JavaScript's \s also takes the byte order mark). */
const SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/
const DIRECTIVE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/d
const DIRECTIVE_NAMES = new Set(['syntax', 'escape', 'check'])
// Only these instructions take heredocs.
const HEREDOC_INSTRUCTIONS = new Set(['run', 'copy', 'add'])

/**
 * BuildKit's parser loop: parser directives only before anything else (a blank line, a comment that is not one,
 * or an instruction ends them); a comment is a line whose first non-space character is `#`; the escape character
 * at a line's end (spaces and tabs may follow) continues the instruction on the next line, skipping comment and
 * blank lines between; after a RUN, COPY or ADD with heredocs, each heredoc's body runs to its terminator line.
 */
function readDockerfile(source: string): Dockerfile {
  const lines = physicalLines(source)
  const dockerfile: Dockerfile = { escape: '\\', instructions: [] }
  let continuation = continuationOf(dockerfile.escape)
  let readingDirectives = true
  const seenDirectives = new Set<string>()
  let next = 0
  while (next < lines.length) {
    const line = lines[next++]
    const content = source.slice(line.start, line.end)
    const indent = leadingSpace(content)
    if (readingDirectives) {
      const match = DIRECTIVE.exec(content.slice(indent))
      const name = match?.[1].toLowerCase()
      if (match?.indices && name !== undefined && DIRECTIVE_NAMES.has(name)) {
        const [start, end] = match.indices[2]!.map((offset) => line.start + indent + offset)
        if (!seenDirectives.has(name) && name === 'syntax') dockerfile.syntax = { start, end }
        if (!seenDirectives.has(name) && name === 'escape' && (match[2] === '`' || match[2] === '\\')) {
          dockerfile.escape = match[2]
          continuation = continuationOf(dockerfile.escape)
        }
        seenDirectives.add(name)
      } else readingDirectives = false
    }
    if (indent === content.length || content[indent] === '#') continue
    const at: number[] = []
    let continues = appendLine(source, line.start + indent, line.end, continuation, at)
    while (continues && next < lines.length) {
      const part = lines[next++]
      const partContent = source.slice(part.start, part.end)
      const partIndent = leadingSpace(partContent)
      if (partIndent === partContent.length || partContent[partIndent] === '#') continue
      continues = appendLine(source, part.start, part.end, continuation, at)
    }
    const instruction = instructionOf(locate(source, at))
    if (!instruction) continue
    dockerfile.instructions.push(instruction)
    next = skipHeredocBodies(source, lines, next, heredocsOf(instruction))
  }
  return dockerfile
}

/** BuildKit splits lines at `\n` and trims the `\r`s before it, so a CRLF file reads like an LF one. */
function physicalLines(source: string): { start: number; end: number }[] {
  const lines: { start: number; end: number }[] = []
  // A byte order mark is not part of the first line.
  let start = source.startsWith('\uFEFF') ? 1 : 0
  while (start < source.length) {
    const newline = source.indexOf('\n', start)
    let end = newline === -1 ? source.length : newline
    while (end > start && source[end - 1] === '\r') end--
    lines.push({ start, end })
    start = newline === -1 ? source.length : newline + 1
  }
  return lines
}

function continuationOf(escapeChar: string): RegExp {
  return new RegExp(`${escapeRegExp(escapeChar)}[ \\t]*$`)
}

/** Adds a physical line's characters to the logical line; true when the line continues on the next. */
function appendLine(source: string, start: number, end: number, continuation: RegExp, at: number[]): boolean {
  const match = continuation.exec(source.slice(start, end))
  const stop = match ? start + match.index : end
  for (let offset = start; offset < stop; offset++) at.push(offset)
  return match !== null
}

function instructionOf(line: Located): Instruction | undefined {
  const trimmed = trimSpace(line)
  const keyword = /^[^\t\v\f\r ]+/.exec(trimmed.text)?.[0]
  if (keyword === undefined) return undefined
  const rest = sliceOf(trimmed, keyword.length)
  return { keyword: keyword.toLowerCase(), ...extractFlags(sliceOf(rest, leadingSpace(rest.text))) }
}

/** BuildKit's extractBuilderFlags: leading words that start with `--`, up to a bare `--` or the first other word. */
function extractFlags(rest: Located): { flags: Located[]; args: Located } {
  const { text } = rest
  const flags: Located[] = []
  let i = 0
  for (;;) {
    while (i < text.length && SPACE.test(text[i])) i++
    if (!text.startsWith('--', i)) break
    const kept: number[] = []
    let quote = ''
    for (; i < text.length && (quote !== '' || !SPACE.test(text[i])); i++) {
      if (quote === '' && (text[i] === '"' || text[i] === "'")) quote = text[i]
      else if (text[i] === quote) quote = ''
      else if (text[i] === '\\') {
        if (i + 1 < text.length) kept.push(++i)
      } else kept.push(i)
    }
    const flag = pickOf(rest, kept)
    if (flag.text === '--') break
    flags.push(flag)
  }
  return { flags, args: sliceOf(rest, i) }
}

/** FROM's words: split at spaces and tabs only, quotes and all (BuildKit's parseStringsWhitespaceDelimited). */
function fieldsOf(args: Located): Located[] {
  return [...args.text.matchAll(/[^\t\v\f\r ]+/g)].map((match) =>
    sliceOf(args, match.index, match.index + match[0].length),
  )
}

/** ARG's words (BuildKit's parseWords): split at spaces outside quotes, quotes and escapes kept for expansion. */
function argWords(args: Located, escapeChar: string): Located[] {
  const words: Located[] = []
  const { text } = args
  let kept: number[] = []
  let quote = ''
  for (let i = 0; i < text.length; i++) {
    if (quote === '' && SPACE.test(text[i])) {
      if (kept.length > 0) words.push(pickOf(args, kept))
      kept = []
      continue
    }
    if (quote === '' && (text[i] === '"' || text[i] === "'")) quote = text[i]
    else if (text[i] === quote) quote = ''
    else if (text[i] === escapeChar && quote !== "'") {
      // An escape character at the very end is dropped.
      if (i + 1 === text.length) break
      kept.push(i++)
    }
    kept.push(i)
  }
  if (kept.length > 0) words.push(pickOf(args, kept))
  return words
}

interface Heredoc {
  name: string
  /** `<<-`: the terminator line may be indented with tabs. */
  chomp: boolean
}

/**
 * BuildKit's heredocsFromLine: among the shell words of a RUN, COPY or ADD, each `<<NAME`, `<<-NAME`, `<<"NAME"` or
 * `<<'NAME'` (an fd number may precede) opens a heredoc, and their bodies follow in that order. BuildKit skips the
 * exec form (`["sh", "-c", "…"]`); there every word is quoted, so no word starts with `<<` and this finds none too.
 */
function heredocsOf(instruction: Instruction): Heredoc[] {
  if (!HEREDOC_INSTRUCTIONS.has(instruction.keyword)) return []
  return shellWords(instruction.args.text).flatMap((word) => {
    const match = /^\d*<<(-?)([^<]*)$/.exec(word)
    const name = match ? unquote(match[2]) : ''
    return name === '' ? [] : [{ name, chomp: match?.[1] === '-' }]
  })
}

/** Shell words as written: split at spaces outside quotes; `\` escapes the next character. */
function shellWords(text: string): string[] {
  const words: string[] = []
  let word = ''
  let quote = ''
  for (let i = 0; i < text.length; i++) {
    if (quote === '' && SPACE.test(text[i])) {
      if (word !== '') words.push(word)
      word = ''
      continue
    }
    word += text[i]
    if (quote === '' && (text[i] === '"' || text[i] === "'")) quote = text[i]
    else if (text[i] === quote) quote = ''
    else if (text[i] === '\\' && quote !== "'" && i + 1 < text.length) word += text[++i]
  }
  if (word !== '') words.push(word)
  return words
}

function unquote(word: string): string {
  let text = ''
  let quote = ''
  for (let i = 0; i < word.length; i++) {
    if (quote === '' && (word[i] === '"' || word[i] === "'")) quote = word[i]
    else if (word[i] === quote) quote = ''
    else if (word[i] === '\\' && quote !== "'" && i + 1 < word.length) text += word[++i]
    else text += word[i]
  }
  return text
}

/** Skips each heredoc's body up to and including its terminator line (an unterminated one runs to the end). */
function skipHeredocBodies(
  source: string,
  lines: { start: number; end: number }[],
  next: number,
  heredocs: Heredoc[],
): number {
  let line = next
  for (const heredoc of heredocs) {
    while (line < lines.length) {
      const body = source.slice(lines[line].start, lines[line].end)
      line++
      if ((heredoc.chomp ? body.replace(/^\t+/, '') : body) === heredoc.name) break
    }
  }
  return line
}

// ---- Expansion

/**
 * BuildKit's expansion of one word (frontend/dockerfile/shell ProcessWord): quotes removed, the escape character
 * taking the next character literally, `$NAME`, `${NAME}` and `${NAME:-word}`, `-`, `:+`, `+`, `:?`, `?`. The result
 * is file offsets, one per character, so that where each character came from is known; UNKNOWN stands for a value
 * the file does not fix: an unset ARG used bare, a platform ARG, a pattern operation (`${NAME%…}`, `${NAME/…}`).
 */
function expandWord(word: Located, values: Map<string, number[]>, escapeChar: string): number[] {
  const { text, at } = word
  let i = 0
  const until = (stop: string | undefined): number[] => {
    const out: number[] = []
    while (i < text.length) {
      const ch = text[i]
      if (ch === stop) {
        i++
        return out
      }
      if (ch === '$') out.push(...dollar())
      else if (ch === "'") {
        for (i++; i < text.length && text[i] !== "'"; i++) out.push(at[i])
        i++
      } else if (ch === '"') {
        for (i++; i < text.length && text[i] !== '"'; ) {
          if (text[i] === '$') {
            out.push(...dollar())
            continue
          }
          // Within double quotes the escape character escapes only `"`, `$` and itself.
          if (text[i] === escapeChar && ['"', '$', escapeChar].includes(text[i + 1])) i++
          out.push(at[i++])
        }
        i++
      } else if (ch === escapeChar) {
        i++
        if (i < text.length) out.push(at[i++])
      } else out.push(at[i++])
    }
    // A `${` left open: BuildKit fails the build.
    return stop === undefined ? out : [UNKNOWN]
  }
  const name = (): string => {
    const match = /^(?:\d+|[@*#?$!-]|[\p{L}_][\p{L}\p{Nd}_]*)/u.exec(text.slice(i))?.[0] ?? ''
    i += match.length
    return match
  }
  const dollar = (): number[] => {
    const sign = at[i++]
    if (text[i] !== '{') {
      const variable = name()
      // A `$` that no name follows is a literal `$`.
      return variable === '' ? [sign] : (values.get(variable) ?? [UNKNOWN])
    }
    i++
    const variable = name()
    const modifier = text[i] === ':' ? text.slice(i, i + 2) : (text[i] ?? '')
    i += modifier.length
    const value = values.get(variable)
    if (modifier === '}') return value ?? [UNKNOWN]
    const word = until('}')
    const empty = value === undefined || value.length === 0
    if (modifier === '-') return value ?? word
    if (modifier === ':-') return empty ? word : value
    if (modifier === '+') return value === undefined ? [] : word
    if (modifier === ':+') return empty ? [] : word
    if (modifier === '?' || modifier === ':?') return value ?? [UNKNOWN]
    return [UNKNOWN]
  }
  return until(undefined)
}

// ---- Small helpers

/** True when the characters are written in one piece, none unknown: a span a rewrite can replace. */
function isOnePiece(offsets: number[]): boolean {
  return offsets.length > 0 && offsets[0] !== UNKNOWN && offsets.every((offset, k) => offset === offsets[0] + k)
}

function textAt(source: string, offsets: number[]): string {
  return offsets.map((offset) => source[offset]).join('')
}

function spanOf(source: string, span: { start: number; end: number }): { start: number; end: number; text: string } {
  return { start: span.start, end: span.end, text: source.slice(span.start, span.end) }
}

function locate(source: string, at: number[]): Located {
  return { text: textAt(source, at), at }
}

function sliceOf(located: Located, start: number, end = located.text.length): Located {
  return { text: located.text.slice(start, end), at: located.at.slice(start, end) }
}

function pickOf(located: Located, indices: number[]): Located {
  return { text: indices.map((i) => located.text[i]).join(''), at: indices.map((i) => located.at[i]) }
}

function trimSpace(located: Located): Located {
  let start = 0
  let end = located.text.length
  while (start < end && SPACE.test(located.text[start])) start++
  while (end > start && SPACE.test(located.text[end - 1])) end--
  return sliceOf(located, start, end)
}

function leadingSpace(text: string): number {
  let i = 0
  while (i < text.length && SPACE.test(text[i])) i++
  return i
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')
}
