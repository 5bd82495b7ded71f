import type { FoundReference, ReferenceFinder, Span } from './found-reference'
import { ociChartReference } from './helm-chart-references'
import { findKubernetesReferences } from './kubernetes-references'
import { NOT_REWRITABLE } from './yaml-source'

/**
 * Image references in Terraform / OpenTofu configuration: ECS task definitions' `container_definitions` (written as
 * `jsonencode([...])` or a heredoc of JSON), CodeBuild projects' `environment.image`, the Docker provider's
 * `docker_image.name` / `docker_container.image`, the Kubernetes provider's `container` blocks (`dynamic` ones too)
 * and `kubernetes_manifest` objects (HCL, or `yamldecode` of a heredoc), and the Helm provider's `helm_release`
 * charts pulled from an OCI registry. No other tool finds the first two. Images are often passed in as variables, so
 * values whose name says image (`api_image = "acme/api:2"` in a `.tfvars` file, a `variable`'s default, a local;
 * `prepull_images = [...]`) are read too, as likely references. A small tokeniser is enough: comments and other
 * strings are tokens of their own, so nothing inside them can look like an attribute.
 */
export function isTerraformPath(path: string): boolean {
  return /\.(tf|tofu|tfvars)$/.test(path)
}

export const findTerraformReferences: ReferenceFinder = (source, path) => {
  const body = new HclParser(hclTokens(source, 0, source.length, false)).body()
  if (path.endsWith('.tfvars')) return namedImages(body, 'terraform:var').sort((a, b) => a.start - b.start)
  const found: FoundReference[] = []
  for (const item of body) {
    if (item.kind !== 'block') continue
    if (item.type === 'locals') found.push(...namedImages(item.body, 'terraform:local'))
    if (item.type === 'variable' && item.labels.length === 1)
      found.push(...variableDefaultImages(item.labels[0]!, item.body))
    if (item.type !== 'resource' || item.labels.length !== 2) continue
    const [type, name] = item.labels
    const resource = `terraform:${type}.${name}`
    if (type === 'aws_ecs_task_definition') found.push(...taskDefinitionImages(source, item.body, resource))
    else if (type === 'aws_codebuild_project') found.push(...codeBuildImages(item.body, resource))
    else if (type === 'docker_container') found.push(...attributeImages(item.body, 'image', resource))
    // A docker_image with a `build` block names the image it builds, not one it pulls.
    else if (type === 'docker_image' && !item.body.some(isBlock('build')))
      found.push(...attributeImages(item.body, 'name', resource))
    else if (type === 'kubernetes_manifest') found.push(...manifestImages(source, item.body, resource))
    else if (type === 'helm_release') found.push(...helmReleaseCharts(item.body, resource))
    else if (type.startsWith('kubernetes_')) found.push(...kubernetesContainerImages(item.body, resource))
  }
  return found.sort((a, b) => a.start - b.start)
}

/** A name that says its value is an image: `image`, `api_image`, `worker-image`; `images` holds several. */
const IMAGE_NAME = /(^|[_-])image$/i
const IMAGES_NAME = /(^|[_-])images$/i

/**
 * Values whose name says image, at any depth of objects (`images = { api = "acme/api:1" }` too), and the strings of
 * lists named so (`prepull_images = ["busybox:1.36"]`): likely references, since only the name says so.
 */
function namedImages(body: Item[], path: string): FoundReference[] {
  return body.flatMap((item) =>
    item.kind === 'attribute' ? namedValueImages(item.name, item.value, `${path}.${item.name}`) : [],
  )
}

/** A `variable` block's `default`, named by the variable: `variable "api_image" { default = "acme/api:1" }`. */
function variableDefaultImages(name: string, body: Item[]): FoundReference[] {
  const fallback = body.find(isAttribute('default'))
  if (fallback?.kind !== 'attribute') return []
  return namedValueImages(name, fallback.value, `terraform:variable.${name}.default`)
}

function namedValueImages(name: string, value: Expr, place: string, inImages = false): FoundReference[] {
  if (value.type === 'string') return IMAGE_NAME.test(name) || inImages ? likely(stringReferences(value, place)) : []
  // A list's strings are what its name says; its objects' values are named by their own keys.
  if (value.type === 'tuple')
    return value.items.flatMap((item, i) =>
      namedValueImages(item.type === 'string' ? name : '', item, `${place}[${i}]`, inImages || IMAGES_NAME.test(name)),
    )
  if (value.type !== 'object') return []
  const images = IMAGES_NAME.test(name)
  return [...value.entries].flatMap(([key, entry]) => namedValueImages(key, entry, `${place}.${key}`, images))
}

const likely = (references: FoundReference[]): FoundReference[] =>
  references.map((reference) => ({ ...reference, confidence: 'likely' }))

/**
 * A `kubernetes_manifest`'s `manifest`: its pod spec's container lists written as HCL objects, or the YAML of a
 * heredoc it decodes, read as the manifest it is (`yamldecode(file(...))` reads a file found on its own).
 */
function manifestImages(source: string, body: Item[], resource: string): FoundReference[] {
  const manifest = body.find(isAttribute('manifest'))
  if (manifest?.kind !== 'attribute') return []
  const place = `${resource}.manifest`
  return [
    ...containerListImages(manifest.value, place),
    ...yamlHeredocs(manifest.value).flatMap((heredoc) => heredocManifestImages(source, heredoc, `${place}:`)),
  ]
}

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers'])

function containerListImages(value: Expr, path: string): FoundReference[] {
  if (value.type === 'tuple') return value.items.flatMap((item, i) => containerListImages(item, `${path}[${i}]`))
  if (value.type !== 'object') return []
  return [...value.entries].flatMap(([key, entry]) => {
    if (!CONTAINER_LISTS.has(key) || entry.type !== 'tuple') return containerListImages(entry, `${path}.${key}`)
    return entry.items.flatMap((container, i) => {
      const image = container.type === 'object' ? container.entries.get('image') : undefined
      return image ? stringReferences(image, `${path}.${key}[${i}].image`) : []
    })
  })
}

/** `yamldecode(<<-YAML … YAML)`, alone or within other calls (`merge(yamldecode(…), {…})`). */
function yamlHeredocs(value: Expr): HeredocExpr[] {
  if (value.type !== 'call') return []
  if (value.name !== 'yamldecode') return value.args.flatMap(yamlHeredocs)
  return value.args[0]?.type === 'heredoc' ? [value.args[0]] : []
}

/**
 * The Kubernetes finder's references in a heredoc's YAML, placed after `prefix`, at the file's offsets. The body is
 * read where it is, indentation and all (YAML takes an indented document as it is), with its template masked.
 */
function heredocManifestImages(source: string, heredoc: HeredocExpr, prefix: string): FoundReference[] {
  const shift = ({ start, end }: { start: number; end: number }): Span => {
    const at = { start: start + heredoc.start, end: end + heredoc.start }
    return { ...at, text: source.slice(at.start, at.end) }
  }
  return findKubernetesReferences(maskedTemplate(source, heredoc.start, heredoc.end), '').map((reference) => {
    const shifted: FoundReference = { ...reference, ...shift(reference), place: prefix + reference.place }
    // An exact reference's text is the file's characters, holes included; an inexact one's is its YAML value.
    if (reference.notes?.includes(NOT_REWRITABLE)) shifted.text = reference.text
    if (reference.parts)
      shifted.parts = Object.fromEntries(Object.entries(reference.parts).map(([key, part]) => [key, shift(part)]))
    return shifted
  })
}

/**
 * A heredoc's body as YAML can read it, offsets kept: a `${…}` hole's quotes, colons or `#` would read as YAML, so
 * it becomes `$xx…` (a templated value all the same) and a `%{…}` directive, which only chooses text, blanks.
 */
function maskedTemplate(source: string, from: number, to: number): string {
  let masked = ''
  for (let i = from; i < to; ) {
    const pair = source.slice(i, i + 2)
    if ((pair === '$$' || pair === '%%') && source[i + 2] === '{') {
      masked += source.slice(i, i + 3)
      i += 3
    } else if (pair === '${' || pair === '%{') {
      const end = skipTemplate(source, i + 2, to)
      masked += pair === '${' ? '$'.padEnd(end - i, 'x') : ' '.repeat(end - i)
      i = end
    } else masked += source[i++]
  }
  return masked
}

function taskDefinitionImages(source: string, body: Item[], resource: string): FoundReference[] {
  const attribute = body.find(isAttribute('container_definitions'))
  if (attribute?.kind !== 'attribute') return []
  const definitions = containerDefinitionsList(source, attribute.value)
  if (definitions?.type !== 'tuple') return []
  return definitions.items.flatMap((definition, i) => {
    const image = definition.type === 'object' ? definition.entries.get('image') : undefined
    return image ? stringReferences(image, `${resource}.container_definitions[${i}].image`) : []
  })
}

/** `jsonencode([...])` or a heredoc of JSON; `file(...)` and `templatefile(...)` point at files read on their own. */
function containerDefinitionsList(source: string, value: Expr): Expr | undefined {
  if (value.type === 'call' && value.name === 'jsonencode') return value.args[0]
  if (value.type !== 'heredoc') return undefined
  return new HclParser(hclTokens(source, value.start, value.end, true)).expression(new Set(), false)
}

function codeBuildImages(body: Item[], resource: string): FoundReference[] {
  const environment = body.find(isBlock('environment'))
  if (environment?.kind !== 'block') return []
  // `aws/codebuild/...` are CodeBuild's curated images, served by CodeBuild itself: not Docker Hub images.
  return attributeImages(environment.body, 'image', `${resource}.environment`).filter(
    (reference) => !reference.text.startsWith('aws/codebuild/'),
  )
}

/**
 * Every `container` / `init_container` block at any depth of a Kubernetes resource (pod templates nest deeply),
 * numbered per block type. A `dynamic "container"` block writes its `content` once for each item of its `for_each`:
 * it is placed `container[dynamic]`, apart from the numbered ones written out.
 */
function kubernetesContainerImages(body: Item[], path: string): FoundReference[] {
  const seen = new Map<string, number>()
  return body.flatMap((item) => {
    if (item.kind !== 'block') return []
    const index = seen.get(item.type) ?? 0
    seen.set(item.type, index + 1)
    const block = item.type === 'dynamic' ? dynamicContent(item) : item
    if (block?.type === 'container' || block?.type === 'init_container')
      return attributeImages(block.body, 'image', `${path}.${block.type}[${block === item ? index : 'dynamic'}]`)
    return block ? kubernetesContainerImages(block.body, `${path}.${block.type}`) : []
  })
}

/** A `dynamic "<type>" { for_each = … content { … } }` block as the block it writes: its label's type, its content. */
function dynamicContent(dynamic: Block): Block | undefined {
  const content = dynamic.body.find(isBlock('content'))
  return dynamic.labels.length === 1 && content?.kind === 'block' ? { ...content, type: dynamic.labels[0]! } : undefined
}

/**
 * A `helm_release` of a chart in an OCI registry: `repository = "oci://…"` with `chart = "redis"`, as Chart.yaml
 * writes a dependency, or the whole URL in `chart`. Either way Helm pulls `<repository>/<chart>:<version>`; a URL is
 * split at its last `/`, so that a rewrite moves the repository's characters and keeps the name, as for Chart.yaml.
 */
function helmReleaseCharts(body: Item[], resource: string): FoundReference[] {
  const string = (name: string) => {
    const attribute = body.find(isAttribute(name))
    return attribute?.kind === 'attribute' && attribute.value.type === 'string' ? attribute.value : undefined
  }
  const [repository, chart, version] = [string('repository'), string('chart'), string('version')]
  if (!chart || chart.templated) return []
  const url = /^(oci:\/\/.+)\/[^/]+$/.exec(chart.text)
  const [from, name] = url
    ? [spanOf(chart, 0, url[1]!.length), spanOf(chart, url[1]!.length + 1)]
    : [repository?.templated ? undefined : repository && spanOf(repository), spanOf(chart)]
  const reference = from && ociChartReference(from, name, version && spanOf(version))
  return reference ? [{ ...reference, place: resource }] : []
}

/** The characters `[from, to)` of a quoted string's text, as a span of the file. */
function spanOf(value: StringExpr, from = 0, to = value.text.length): Span {
  return { start: value.start + from, end: value.start + to, text: value.text.slice(from, to) }
}

function attributeImages(body: Item[], name: string, path: string): FoundReference[] {
  const attribute = body.find(isAttribute(name))
  return attribute?.kind === 'attribute' ? stringReferences(attribute.value, `${path}.${name}`) : []
}

/** A quoted string is a reference; anything else (`var.image`, `docker_image.x.image_id`) has no image to rewrite. */
function stringReferences(value: Expr, place: string): FoundReference[] {
  if (value.type !== 'string' || value.text === '') return []
  const { start, end, text, templated } = value
  return [templated ? { start, end, text, place, templated } : { start, end, text, place }]
}

const isAttribute = (name: string) => (item: Item) => item.kind === 'attribute' && item.name === name
const isBlock = (type: string) => (item: Item) => item.kind === 'block' && item.type === type

// ---------------------------------------------------------------------------------------------------------------------
// Tokens

interface Token {
  kind: 'word' | 'string' | 'heredoc' | 'newline' | 'symbol' | 'template'
  /** For strings and heredocs, the content only (no quotes, no markers). */
  start: number
  end: number
  text: string
  /** A string with `${…}` or `%{…}` in it. */
  templated?: boolean
}

const OPERATORS = ['==', '!=', '<=', '>=', '=>', '&&', '||', '::', '...']

/**
 * HCL tokens of `source[from, to)`. In `template` mode (a heredoc's body) `${…}` outside quotes is a token of its
 * own, so a heredoc of JSON reads as JSON with opaque holes.
 */
function hclTokens(source: string, from: number, to: number, template: boolean): Token[] {
  const tokens: Token[] = []
  const endOfLine = (at: number) => {
    const newline = source.indexOf('\n', at)
    return newline === -1 || newline > to ? to : newline
  }
  let i = from
  while (i < to) {
    const c = source[i]
    const pair = source.slice(i, i + 2)
    if (c === '\n') {
      tokens.push({ kind: 'newline', start: i, end: i + 1, text: c })
      i++
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++
    } else if (c === '#' || pair === '//') {
      i = endOfLine(i)
    } else if (pair === '/*') {
      const close = source.indexOf('*/', i + 2)
      i = close === -1 || close + 2 > to ? to : close + 2
    } else if (c === '"') {
      const string = scanString(source, i, to)
      if (string.close === -1) i = endOfLine(i)
      else {
        const text = source.slice(i + 1, string.close)
        tokens.push({ kind: 'string', start: i + 1, end: string.close, text, templated: string.templated })
        i = string.close + 1
      }
    } else if (template && (pair === '$$' || pair === '%%') && source[i + 2] === '{') {
      i += 3
    } else if (template && pair === '%{') {
      // A directive (`%{ if … }`, `%{ for … }`) only chooses which of the text it wraps is kept: read all of it.
      i = skipTemplate(source, i + 2, to)
    } else if (template && pair === '${') {
      const end = skipTemplate(source, i + 2, to)
      tokens.push({ kind: 'template', start: i, end, text: source.slice(i, end) })
      i = end
    } else if (pair === '<<' && /^<<-?[A-Za-z_][\w-]*\r?\n/.test(source.slice(i, endOfLine(i) + 1))) {
      const heredoc = scanHeredoc(source, i, to)
      tokens.push({ kind: 'heredoc', ...heredoc, text: source.slice(heredoc.start, heredoc.end) })
      i = heredoc.next
    } else if (/[A-Za-z_]/.test(c)) {
      const word = /^[A-Za-z_][\w-]*/.exec(source.slice(i, to))![0]
      tokens.push({ kind: 'word', start: i, end: i + word.length, text: word })
      i += word.length
    } else {
      const symbol = OPERATORS.find((operator) => source.startsWith(operator, i)) ?? c
      tokens.push({ kind: 'symbol', start: i, end: i + symbol.length, text: symbol })
      i += symbol.length
    }
  }
  return tokens
}

/** A quoted string from its opening quote: the closing quote's offset (-1 when the line ends first). */
function scanString(source: string, open: number, to: number): { close: number; templated: boolean } {
  let templated = false
  let j = open + 1
  while (j < to) {
    const c = source[j]
    if (c === '"') return { close: j, templated }
    if (c === '\n') break
    if (c === '\\') j += 2
    else if ((c === '$' || c === '%') && source[j + 1] === c && source[j + 2] === '{') j += 3
    else if ((c === '$' || c === '%') && source[j + 1] === '{') {
      templated = true
      j = skipTemplate(source, j + 2, to)
    } else j++
  }
  return { close: -1, templated }
}

/** From just inside `${`, the offset after its matching `}` (strings inside may hold braces). */
function skipTemplate(source: string, from: number, to: number): number {
  let depth = 1
  let j = from
  while (j < to) {
    const c = source[j]
    if (c === '"') {
      const { close } = scanString(source, j, to)
      j = close === -1 ? j + 1 : close + 1
    } else {
      if (c === '{') depth++
      else if (c === '}' && --depth === 0) return j + 1
      j++
    }
  }
  return to
}

/** `<<EOF` / `<<-EOF`: the body is every line up to the one that holds only the marker. */
function scanHeredoc(source: string, at: number, to: number): { start: number; end: number; next: number } {
  const header = /^<<-?([A-Za-z_][\w-]*)\r?\n/.exec(source.slice(at, to))!
  const start = at + header[0].length
  let line = start
  while (line < to) {
    const newline = source.indexOf('\n', line)
    const lineEnd = newline === -1 || newline > to ? to : newline
    if (source.slice(line, lineEnd).trim() === header[1]) return { start, end: line, next: lineEnd }
    line = lineEnd + 1
  }
  return { start, end: to, next: to }
}

// ---------------------------------------------------------------------------------------------------------------------
// Structure: bodies of attributes and blocks, and just enough of expressions to reach objects, tuples and strings.

type Item =
  | { kind: 'attribute'; name: string; value: Expr }
  | { kind: 'block'; type: string; labels: string[]; body: Item[] }
type Block = Extract<Item, { kind: 'block' }>

type Expr =
  | { type: 'string'; start: number; end: number; text: string; templated: boolean }
  | { type: 'heredoc'; start: number; end: number }
  | { type: 'word'; name: string }
  | { type: 'object'; entries: Map<string, Expr> }
  | { type: 'tuple'; items: Expr[] }
  | { type: 'call'; name: string; args: Expr[] }
  /** Anything else: operators, traversals (`var.x`), conditionals, `for` expressions. */
  | { type: 'other' }
type StringExpr = Extract<Expr, { type: 'string' }>
type HeredocExpr = Extract<Expr, { type: 'heredoc' }>

const CLOSERS = new Set([')', ']', '}'])

class HclParser {
  private at = 0

  constructor(private readonly tokens: Token[]) {}

  /** Attributes and blocks up to a `}` (left for the caller) or the end. */
  body(): Item[] {
    const items: Item[] = []
    for (let token = this.peek(); token && !this.isSymbol(token, '}'); token = this.peek()) {
      const next = this.tokens[this.at + 1]
      if (token.kind !== 'word') this.at++
      else if (next && this.isSymbol(next, '=')) {
        this.at += 2
        items.push({ kind: 'attribute', name: token.text, value: this.expression(new Set(['}']), true) })
      } else {
        this.at++
        const labels: string[] = []
        while (this.peek()?.kind === 'word' || this.peek()?.kind === 'string') labels.push(this.tokens[this.at++].text)
        if (!this.take('{')) continue
        items.push({ kind: 'block', type: token.text, labels, body: this.body() })
        this.take('}')
      }
    }
    return items
  }

  /** One expression, ending before a stop symbol, a closer it does not own, or (when asked) a newline. */
  expression(stops: Set<string>, newlineEnds: boolean): Expr {
    const terms: Expr[] = []
    for (let token = this.peek(); token; token = this.peek()) {
      if (token.kind === 'newline') {
        if (newlineEnds) break
        this.at++
        continue
      }
      if (token.kind === 'symbol' && (stops.has(token.text) || CLOSERS.has(token.text))) break
      terms.push(this.term(token))
    }
    return terms.length === 1 ? terms[0] : { type: 'other' }
  }

  private term(token: Token): Expr {
    this.at++
    if (token.kind === 'string') return { type: 'string', ...token, templated: token.templated === true }
    if (token.kind === 'heredoc') return { type: 'heredoc', start: token.start, end: token.end }
    if (token.kind === 'word' && this.take('('))
      return { type: 'call', name: token.text, args: this.list(')', () => this.expression(new Set([',', ')']), false)) }
    if (token.kind === 'word') return { type: 'word', name: token.text }
    if (this.isSymbol(token, '['))
      return { type: 'tuple', items: this.list(']', () => this.expression(new Set([',', ']']), false)) }
    if (this.isSymbol(token, '{')) return { type: 'object', entries: this.objectEntries() }
    if (this.isSymbol(token, '(')) this.list(')', () => this.expression(new Set([',', ')']), false))
    return { type: 'other' }
  }

  /** Comma-separated items up to `close` (consumed); a mismatched closer ends the list without being consumed. */
  private list(close: string, item: () => Expr): Expr[] {
    const items: Expr[] = []
    for (let token = this.peek(); token; token = this.peek()) {
      if (token.kind === 'newline' || this.isSymbol(token, ',')) this.at++
      else if (this.isSymbol(token, close)) {
        this.at++
        break
      } else if (token.kind === 'symbol' && CLOSERS.has(token.text)) break
      else items.push(item())
    }
    return items
  }

  /** `key = value` or `"key": value` entries (HCL object syntax and JSON alike), separated by commas or newlines. */
  private objectEntries(): Map<string, Expr> {
    const entries = new Map<string, Expr>()
    for (let token = this.peek(); token; token = this.peek()) {
      if (token.kind === 'newline' || this.isSymbol(token, ',')) {
        this.at++
        continue
      }
      if (this.isSymbol(token, '}')) {
        this.at++
        break
      }
      if (token.kind === 'symbol' && CLOSERS.has(token.text)) break
      const before = this.at
      const key = this.expression(new Set(['=', ':', ',', '}']), true)
      if (this.take('=') || this.take(':')) {
        const value = this.expression(new Set([',', '}']), true)
        if (key.type === 'word') entries.set(key.name, value)
        else if (key.type === 'string' && !key.templated) entries.set(key.text, value)
      } else if (this.at === before) this.at++
    }
    return entries
  }

  private peek(): Token | undefined {
    return this.tokens[this.at]
  }

  private take(symbol: string): boolean {
    const token = this.peek()
    if (!token || !this.isSymbol(token, symbol)) return false
    this.at++
    return true
  }

  private isSymbol(token: Token, symbol: string): boolean {
    return token.kind === 'symbol' && token.text === symbol
  }
}
