import {
  type Document,
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Node,
  parseAllDocuments,
} from 'yaml'
import type { FoundReference, Span } from './found-reference'

/**
 * YAML (and JSON, which is YAML) read for its source positions, shared by the YAML finders (compose, Kubernetes,
 * Kustomize, Helm, CI, ECS). A rewrite replaces characters of the file, never re-serialises it: re-serialising
 * loses comments and mangles block scalars (the complaints against kbld), so finders work on the parsed nodes'
 * ranges. Aliases are followed and `<<` merge keys applied here, so a finder sees what a tool reading the file sees,
 * while every span still points at the one place in the file that holds the characters.
 */

/** A scalar's value characters; `exact` says whether `text === source.slice(start, end)` holds (see `span`). */
export interface ScalarSpan extends Span {
  exact: boolean
}

/** One document of a YAML stream; a path step is a mapping key (string) or a sequence index (number). */
export interface YamlDocument {
  readonly source: string
  readonly root: Node | null
  /** The node at `path` under `node` (aliases followed, merge keys applied); undefined where the path is absent. */
  get(node: unknown, ...path: (string | number)[]): Node | undefined
  /** A mapping's entries with string keys, merged ones included (a key of the mapping itself wins); else []. */
  entries(node: unknown): [string, Node][]
  /** A sequence's items, aliases followed; [] for anything else. */
  items(node: unknown): Node[]
  /** Where a string value's characters are; undefined for anything else (null, a mapping, an empty string). */
  span(node: unknown): ScalarSpan | undefined
}

/** The note on a reference whose characters cannot be replaced as they are (`span` gave `exact: false`). */
export const NOT_REWRITABLE = 'not-rewritable: block or escaped scalar'

/**
 * Every document of a YAML/JSON text that parses without errors. A document that does not parse is left out rather
 * than thrown on or half-read: a guessed structure would find guessed images. Its valid neighbours in the same
 * stream are still read. A text that does not parse for its Go template actions (a Helm chart's templates) is read
 * with them masked, every offset kept, as the YAML it renders to (see maskTemplateActions).
 */
export function parseYamlDocuments(source: string): YamlDocument[] {
  // A file whose name says nothing is offered to several finders in turn: it is parsed once (documents are read-only).
  if (lastParsed?.source !== source) {
    let parsed = source
    let docs = parseAllDocuments(parsed, { keepSourceTokens: true })
    if (source.includes('{{') && docs.some((doc) => doc.errors.length > 0)) {
      parsed = maskTemplateActions(source)
      docs = parseAllDocuments(parsed, { keepSourceTokens: true })
    }
    const documents = docs
      .filter((doc) => doc.errors.length === 0)
      .map((doc) => new ParsedDocument(source, parsed, doc))
    lastParsed = { source, documents }
  }
  return lastParsed.documents
}

let lastParsed: { source: string; documents: YamlDocument[] } | undefined

/**
 * The text with each `{{ … }}` action replaced by characters of the same length: blanks where a line holds only
 * actions (`{{- if … }}`, `{{- toYaml . | nindent 8 }}`, `{{- end }}`), which render to YAML of their own or none;
 * `${…}` inside a value (`image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"`), which reads as
 * templated. Offsets are kept, so spans point at the template's own characters.
 */
function maskTemplateActions(source: string): string {
  return source.replace(/^.*\{\{.*$/gm, (line) => {
    const actions = /\{\{.*?\}\}/g
    if (line.replace(actions, '').trim() === '') return line.replace(actions, (action) => ' '.repeat(action.length))
    return line.replace(actions, (action) => `\${${'x'.repeat(Math.max(action.length - 3, 0))}}`)
  })
}

/**
 * Written with variables or templates no finder resolves: `${TAG}`, `$BASE`, `{{ .Values.image }}`, a placeholder a
 * pipeline fills in (`<IMAGE1_NAME>`, CodePipeline's).
 */
export function isTemplated(text: string): boolean {
  return /\$\{|\$[A-Za-z_]|\{\{|<[A-Za-z][\w-]*>/.test(text)
}

/**
 * A FoundReference at a span: `templated` when the text is, and the NOT_REWRITABLE note when the span is not exact.
 * `notes` are the finder's own facts about the place.
 */
export function referenceAt(span: ScalarSpan, place: string, notes: string[] = []): FoundReference {
  const { start, end, text } = span
  const reference: FoundReference = { start, end, text, place }
  if (isTemplated(text)) reference.templated = true
  const allNotes = span.exact ? notes : [...notes, NOT_REWRITABLE]
  if (allNotes.length > 0) reference.notes = allNotes
  return reference
}

/**
 * Where the characters `text`, at `offset` in a scalar's value, are in the file. A block scalar (`- |`) or an escaped
 * one has a value that differs from its characters, so the text is placed by finding the same occurrence of it among
 * the scalar's characters; undefined when escapes make the occurrences differ (better unplaced than misplaced).
 */
export function offsetInSource(source: string, span: ScalarSpan, offset: number, text: string): number | undefined {
  if (span.exact) return span.start + offset
  const valueHits = occurrences(span.text, text)
  const writtenHits = occurrences(source.slice(span.start, span.end), text)
  const nth = valueHits.indexOf(offset)
  if (nth === -1 || valueHits.length !== writtenHits.length) return undefined
  return span.start + writtenHits[nth]!
}

function occurrences(text: string, word: string): number[] {
  const hits: number[] = []
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + word.length)) hits.push(at)
  return hits
}

/**
 * The references in file order, one per span: an anchored scalar used through several aliases is found once, at
 * the anchor, under the place that used it first (finders list places in the order they visit them).
 */
export function inSourceOrder(found: FoundReference[]): FoundReference[] {
  const first = new Map<number, FoundReference>()
  for (const reference of found) if (!first.has(reference.start)) first.set(reference.start, reference)
  return [...first.values()].sort((a, b) => a.start - b.start)
}

class ParsedDocument implements YamlDocument {
  readonly root: Node | null

  constructor(
    readonly source: string,
    /** What was parsed: the source, or the source with its template actions masked (the same length). */
    private readonly parsed: string,
    private readonly doc: Document.Parsed,
  ) {
    this.root = doc.contents
  }

  get(node: unknown, ...path: (string | number)[]): Node | undefined {
    let current = this.resolved(node)
    for (const step of path) {
      if (typeof step === 'number') current = this.items(current)[step]
      else current = this.entries(current).find(([key]) => key === step)?.[1]
      if (current === undefined) return undefined
    }
    return current
  }

  entries(node: unknown, seen = new Set<unknown>()): [string, Node][] {
    const map = this.resolved(node)
    if (!isMap(map) || seen.has(map)) return []
    seen.add(map)
    const own: [string, Node][] = []
    const merged: [string, Node][] = []
    for (const pair of map.items) {
      if (!isPair(pair) || !isScalar(pair.key) || pair.key.value === null) continue
      const key = String(pair.key.value)
      const value = this.resolved(pair.value)
      // YAML 1.1 merge keys, which compose files lean on (`<<: *defaults`); of several sources, the first wins.
      if (key === '<<' && pair.key.type === 'PLAIN') {
        const sources = isSeq(value) ? this.items(value) : [value]
        for (const source of sources) merged.push(...this.entries(source, seen))
      } else if (value !== undefined) own.push([key, value])
    }
    const entries = new Map<string, Node>()
    for (const [key, value] of [...own, ...merged]) if (!entries.has(key)) entries.set(key, value)
    return [...entries]
  }

  items(node: unknown): Node[] {
    const seq = this.resolved(node)
    if (!isSeq(seq)) return []
    return seq.items.map((item) => this.resolved(item)).filter((item) => item !== undefined)
  }

  /**
   * Plain and quoted one-line scalars without escapes are exact: their value characters, quotes excluded. A block
   * scalar, an escaped or folded one (`"a\/b"`, `'it''s'`, a plain scalar over two lines) has a value that differs
   * from its characters: its span is the whole scalar and its text the value, marked not exact, so the scanner can
   * judge the image but no rewrite touches it. A Go template written unquoted (`image: {{ .Values.image }}`) parses
   * as a flow mapping: its characters are the reference, to be listed as templated.
   */
  span(node: unknown): ScalarSpan | undefined {
    const value = this.resolved(node)
    if (!value?.range) return undefined
    const [start, end] = value.range
    const written = this.source.slice(start, end)
    if (isCollection(value))
      return value.flow && written.startsWith('{{') ? { start, end, text: written, exact: true } : undefined
    if (!isScalar(value) || value.value === null) return undefined
    if (value.type === 'PLAIN') {
      // The written characters, not the resolved value: `newTag: 1.20` is the tag "1.20", not the number 1.2.
      if (written === '') return undefined
      return /[\r\n]/.test(written)
        ? { start, end, text: String(value.value), exact: false }
        : { start, end, text: written, exact: true }
    }
    // A block scalar keeps its final line break (`image: |`), which is no part of the value a tool reads as a name.
    const text = String(value.value).replace(/\s+$/, '')
    if (text === '') return undefined
    const quoted = value.type === 'QUOTE_DOUBLE' || value.type === 'QUOTE_SINGLE'
    // Without escapes, a quoted value is its characters: the source's, template actions and all.
    if (quoted && this.parsed.slice(start + 1, end - 1) === text)
      return { start: start + 1, end: end - 1, text: this.source.slice(start + 1, end - 1), exact: true }
    return { start, end, text, exact: false }
  }

  private resolved(node: unknown): Node | undefined {
    if (isAlias(node)) return node.resolve(this.doc)
    return isScalar(node) || isCollection(node) ? node : undefined
  }
}
