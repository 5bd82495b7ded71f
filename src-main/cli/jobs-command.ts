import { describeJobEnds } from '../core/migration/migration-spec'
import { reportHtml, reportMarkdown } from '../core/migration/report-document'
import { jobStoreOf, readJobReport } from '../core/use-cases/jobs'
import { cliContext } from './cli-context'
import { UsageError } from './usage-error'

/** `jobs`: every migration job, newest first, with its state (`interrupted` = no process runs it: resume it). */
export async function listJobs(
  flags: { json?: boolean },
  stdout: NodeJS.WritableStream,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const rows = (await jobStoreOf(cliContext({}, env)).list()).map((listed) => {
    if (listed.state === 'damaged') return { id: listed.id, state: listed.state, problem: listed.problem }
    const { id, createdAt, runs, spec } = listed.job.record
    return { id, state: listed.state, createdAt, runs, ...describeJobEnds(spec) }
  })
  if (flags.json) stdout.write(`${JSON.stringify(rows, null, 2)}\n`)
  else if (rows.length === 0) stdout.write('No migration jobs yet (crossdock migrate starts one).\n')
  else stdout.write(`${rows.map((r) => jobLine(r).join('  ')).join('\n')}\n`)
  return 0
}

type JobRow =
  | { id: string; state: string; problem: string }
  | { id: string; state: string; createdAt: string; from: string; to: string; runs: number }

function jobLine(r: JobRow): string[] {
  if ('problem' in r) return [r.id, r.state.padEnd(11), r.problem]
  return [r.id, r.state.padEnd(11), r.createdAt, `${r.from} -> ${r.to}`, `${r.runs} run(s)`]
}

/** `report JOB_ID`: the job's report as Markdown (default), JSON or a standalone HTML page. */
export async function showReport(
  id: string,
  flags: { format?: string },
  stdout: NodeJS.WritableStream,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const format = flags.format ?? 'md'
  if (!['md', 'json', 'html'].includes(format)) throw new UsageError(`--format is md, json or html (got "${format}").`)
  const howToFinish = `crossdock resume ${id} finishes it and writes one`
  const { report, text } = await readJobReport(jobStoreOf(cliContext({}, env)), id, howToFinish)
  stdout.write(format === 'json' ? text : format === 'html' ? reportHtml(report) : reportMarkdown(report))
  return 0
}
