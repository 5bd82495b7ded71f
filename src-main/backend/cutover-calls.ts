import { stat } from 'node:fs/promises'
import { isAbsolute, resolve } from 'node:path'
import type { CutoverLiveDto, CutoverPreviewDto, CutoverScanDto, ParsedArgs, ReferenceDto } from '../contract'
import { pullsFromDockerHub, type ScannedReference } from '../core/cutover/reference-scan'
import { CrossdockError } from '../core/lib/errors'
import type { UseCaseContext } from '../core/use-cases/context'
import { liveWorkloadImages, recordLive, workloadsOnDockerHub } from '../core/use-cases/live-workloads'
import {
  planRewrites,
  recordRewrite,
  recordScan,
  rewriteDiff,
  rewritePath,
  scanFolders,
  withReferenceJudging,
  writeRewrites,
  type FileRewrite,
} from '../core/use-cases/references'
import type { Calls } from './calls'

type CutoverCalls = 'cutover.scan' | 'cutover.preview' | 'cutover.apply' | 'cutover.live'
type Listed = ScannedReference & { root: string }

/** The cutover view: references in the user's folders, their rewrite, and the running workloads. */
export function cutoverCalls(context: UseCaseContext): Calls<CutoverCalls> {
  const scan = async (args: ParsedArgs<'cutover.scan'>): Promise<Listed[]> => {
    const roots = await checkedPaths(args.paths)
    const found = await withReferenceJudging(context, judgingOf(args), async (mapping, check) => {
      const listed: Listed[] = []
      for await (const reference of scanFolders({ roots, mapping, check })) listed.push(reference)
      return listed
    })
    recordScan(context, args.jobs, roots, found)
    return found
  }
  const plan = async (args: ParsedArgs<'cutover.preview'>): Promise<FileRewrite[]> =>
    planRewrites(await scan(args), args)

  return {
    'cutover.scan': async (args): Promise<CutoverScanDto> => {
      const references = await scan(args)
      const onHub = references.filter((reference) => pullsFromDockerHub(reference.status))
      return { references: references.map(referenceDto), stillOnDockerHub: onHub.length }
    },

    'cutover.preview': async (args): Promise<CutoverPreviewDto> => ({ files: (await plan(args)).map(rewriteDto) }),

    'cutover.apply': async (args) => {
      const changed = (await plan(args)).filter((rewrite) => rewrite.after !== rewrite.before)
      // What the user confirmed must be what would be written now: the files may have changed since the preview.
      const planned = changed.map(rewritePath).sort()
      const confirmed = args.files.map((file) => resolve(file)).sort()
      if (JSON.stringify(planned) !== JSON.stringify(confirmed))
        throw new CrossdockError(
          'USAGE',
          'The files to rewrite are not the ones confirmed (they changed since the preview); preview again, then ' +
            'apply.',
        )
      const written = writeRewrites(changed)
      recordRewrite(context, args.jobs, changed, written)
      return { written }
    },

    'cutover.live': async (args): Promise<CutoverLiveDto> => {
      const roots = await checkedPaths(args.paths)
      const images = await withReferenceJudging(context, judgingOf(args), (mapping, check) =>
        liveWorkloadImages({
          ...(args.ecs ? { ecs: args.ecs } : {}),
          ...(args.kubernetes ? { kubernetes: args.kubernetes } : {}),
          mapping,
          check,
          roots,
        }),
      )
      recordLive(context, args.jobs, images)
      return {
        workloads: images.map((image) => ({
          workload: image.workload,
          container: image.container,
          image: image.image,
          ...(image.reference ? { reference: image.reference } : {}),
          status: image.status,
          ...(image.target ? { target: image.target } : {}),
          ...(image.fix ? { fix: image.fix } : {}),
          pullsWithDockerHubSecret: image.pullSecrets?.dockerHub ?? false,
          ...(image.definedIn ? { definedIn: image.definedIn } : {}),
        })),
        stillOnDockerHub: workloadsOnDockerHub(images).length,
        total: new Set(images.map((image) => image.workload)).size,
      }
    },
  }
}

function judgingOf(args: ParsedArgs<'cutover.live'>) {
  return {
    jobs: args.jobs,
    map: args.map,
    offline: args.offline,
    hubAccount: args.hubAccount,
    awsProfile: args.awsProfile,
  }
}

/** Paths arrive from the page: each must be absolute and exist before anything under it is read. */
async function checkedPaths(paths: readonly string[]): Promise<string[]> {
  return Promise.all(
    paths.map(async (path) => {
      if (!isAbsolute(path))
        throw new CrossdockError('USAGE', `${path} is not an absolute path; choose the folder, or type its full path.`)
      const found = await stat(path).catch(() => undefined)
      if (!found) throw new CrossdockError('USAGE', `${path} does not exist; choose a folder that does.`)
      return resolve(path)
    }),
  )
}

function referenceDto(reference: Listed): ReferenceDto {
  const {
    root,
    file,
    line,
    column,
    text,
    reference: normalised,
    place,
    status,
    target,
    note,
    fix,
    confidence,
  } = reference
  return {
    root,
    file,
    line,
    column,
    text,
    place,
    status,
    ...(normalised ? { reference: normalised } : {}),
    ...(target ? { target } : {}),
    ...(note ? { note } : {}),
    ...(fix ? { fix } : {}),
    ...(confidence ? { confidence } : {}),
  }
}

function rewriteDto(rewrite: FileRewrite) {
  return {
    root: rewrite.root,
    file: rewrite.file,
    diff: rewriteDiff(rewrite),
    edits: rewrite.proposals.map((proposal) => ({
      line: proposal.reference.line,
      column: proposal.reference.column,
      text: proposal.reference.text,
      ...(proposal.rewritten ? { rewritten: proposal.rewritten } : {}),
      verdict: proposal.verdict,
      ...(proposal.why ? { why: proposal.why } : {}),
      chosen: proposal.chosen,
    })),
    ...(rewrite.problem ? { problem: rewrite.problem } : {}),
  }
}
