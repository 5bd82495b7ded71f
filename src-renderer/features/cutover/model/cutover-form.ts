import type { CallArgs } from '../../../../src-main/contract'

export type ScanArgs = CallArgs<'cutover.scan'>
export type PreviewArgs = CallArgs<'cutover.preview'>

/** Where the cutover looks and how it judges what it finds, as typed. */
export interface CutoverForm {
  /** Absolute paths of folders (or files), chosen or typed. */
  paths: string[]
  /** The path being typed in the browser, before "Add". */
  pathDraft: string
  /** Finished migration jobs whose reports say where each repository went. */
  jobs: string[]
  /** Prefix rules, one a line: `docker.io/acme=REGISTRY/PATH`. */
  rules: string
  offline: boolean
  includeUnverified: boolean
  pinDigest: boolean
}

export const DEFAULT_CUTOVER_FORM: CutoverForm = {
  paths: [],
  pathDraft: '',
  jobs: [],
  rules: '',
  offline: false,
  includeUnverified: false,
  pinDigest: false,
}

/** What the contract takes: at most 20 paths, 50 jobs and 50 rules. */
export const MAX_PATHS = 20
const MAX_JOBS = 50
const MAX_RULES = 50

/** A path on this machine from its root: `/srv/app`, `C:\repo`, `\\server\share`. */
export function isAbsolutePath(text: string): boolean {
  return /^(?:\/|[A-Za-z]:[\\/]|\\\\)/.test(text)
}

/** The paths added once each, in the order given, up to the limit. */
export function addPaths(paths: readonly string[], added: readonly string[]): string[] {
  const next = [...paths]
  for (const path of added.map((text) => text.trim()).filter(Boolean))
    if (!next.includes(path) && next.length < MAX_PATHS) next.push(path)
  return next
}

export function parseRules(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
}

const HUB_HOST = /^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io|registry\.hub\.docker\.com)(?:\/|$)/

/** Why a prefix rule cannot be read, in the words of `--map`; undefined when it looks right. */
export function ruleProblem(rule: string): string | undefined {
  const equals = rule.indexOf('=')
  if (equals === -1)
    return `${rule}: write FROM=TO, e.g. docker.io/acme=123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme`
  const from = rule.slice(0, equals)
  const to = rule.slice(equals + 1)
  if (!HUB_HOST.test(from)) return `${rule}: FROM must be on Docker Hub (start it with docker.io)`
  const host = to.split('/')[0] ?? ''
  if (!/[.:]/.test(host) && host !== 'localhost') return `${rule}: TO must start with a registry host`
  return undefined
}

export interface CutoverFormErrors {
  paths?: string
  rules?: string
  /** Neither a job nor a rule, and registries are to be checked. */
  mapping?: string
}

export type Connection = { hubAccount?: string; awsProfile?: string }

export type MappingArgs = Omit<ScanArgs, 'paths'>

export type ReadMapping = { ok: true; args: MappingArgs } | { ok: false; errors: CutoverFormErrors }

/** The mapping (jobs, rules), offline or not, and who to be on each side for the checks. */
export function readMapping(form: CutoverForm, connection: Connection): ReadMapping {
  const errors: CutoverFormErrors = {}
  const rules = parseRules(form.rules)
  const problems = rules.map(ruleProblem).filter((problem) => problem !== undefined)
  if (problems.length > 0) errors.rules = problems.join('; ')
  else if (rules.length > MAX_RULES) errors.rules = `At most ${MAX_RULES} rules.`
  if (form.jobs.length > MAX_JOBS) errors.mapping = `At most ${MAX_JOBS} jobs.`
  else if (!form.offline && form.jobs.length === 0 && rules.length === 0)
    errors.mapping =
      'Say where the images went, to check them: choose a migration job or type a prefix rule; or turn on offline ' +
      'to list the references without checking.'
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  return {
    ok: true,
    args: {
      jobs: [...form.jobs],
      map: rules,
      offline: form.offline,
      ...(connection.hubAccount ? { hubAccount: connection.hubAccount } : {}),
      ...(connection.awsProfile ? { awsProfile: connection.awsProfile } : {}),
    },
  }
}

export type ReadCutoverForm = { ok: true; args: ScanArgs } | { ok: false; errors: CutoverFormErrors }

/** The scan's arguments, or what to fix first. */
export function readCutoverForm(form: CutoverForm, connection: Connection): ReadCutoverForm {
  const mapping = readMapping(form, connection)
  const errors: CutoverFormErrors = mapping.ok ? {} : { ...mapping.errors }
  // A path typed but not yet added is scanned too: typing it and pressing Scan is the obvious thing to do.
  const paths = addPaths(form.paths, [form.pathDraft])
  if (paths.length === 0) errors.paths = 'Choose at least one folder to scan.'
  else {
    const relative = paths.filter((path) => !isAbsolutePath(path))
    if (relative.length > 0) errors.paths = `Not a full path from the root: ${relative.join(', ')}`
  }
  if (!mapping.ok || Object.keys(errors).length > 0) return { ok: false, errors }
  return { ok: true, args: { ...mapping.args, paths } }
}

/** The preview of what a scan found, with the rewrite's switches. */
export function previewArgs(scan: ScanArgs, form: Pick<CutoverForm, 'includeUnverified' | 'pinDigest'>): PreviewArgs {
  return { ...scan, includeUnverified: form.includeUnverified, pinDigest: form.pinDigest }
}
