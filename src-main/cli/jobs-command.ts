import { join } from 'node:path'
import { CrossdockError } from '../core/lib/errors'
import { JobStore } from '../core/migration/job-store'
import type { MigrationReport } from '../core/migration/migration-report'
import { describeJobEnds, parseMigrationSpec, type MigrationSpec } from '../core/migration/migration-spec'
import { reportHtml, reportMarkdown } from '../core/migration/report-document'
import { crossdockConfigDir } from '../core/lib/config-dir'
import { UsageError } from './usage-error'

/** Migration jobs live beside Crossdock's settings, one directory each. */
export function jobStore(env: NodeJS.ProcessEnv = process.env): JobStore<MigrationSpec> {
  return new JobStore(join(crossdockConfigDir(env), 'jobs'), parseMigrationSpec)
}

/** `jobs`: every migration job, newest first, with its state (`interrupted` = no process runs it: resume it). */
export async function listJobs(
  flags: { json?: boolean },
  stdout: NodeJS.WritableStream,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const rows = (await jobStore(env).list()).map((listed) => {
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
  const job = jobStore(env).open(id)
  const text = job.readFile('report.json')
  if (text === undefined)
    throw new CrossdockError(
      'NAME_UNKNOWN',
      `Job ${id} has no report yet (it is ${await job.displayState()}); crossdock resume ${id} finishes it ` +
        `and writes ` +
        `one.`,
    )
  const report = JSON.parse(text) as MigrationReport
  stdout.write(format === 'json' ? text : format === 'html' ? reportHtml(report) : reportMarkdown(report))
  return 0
}
