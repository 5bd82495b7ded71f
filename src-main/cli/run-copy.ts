import { formatBytes } from '../contract/format'
import {
  CopyEngine,
  type CopyEngineOptions,
  type CopyPair,
  type CopyReport,
  type TagResult,
} from '../core/migration/copy-engine'
import type { CopyPairs } from '../core/migration/copy-pairs'
import { parsePlatforms } from '../core/migration/platform-filter'
import { progressOutput } from './progress-output'
import type { RegistryPools } from '../core/migration/registry-pools'

export interface CopyFlags {
  jobs?: number
  referrers?: boolean
  dryRun?: boolean
  json?: boolean
  chunkSize?: number
  platform?: string
}

export interface CopyRunIo {
  stdout: NodeJS.WriteStream
  stderr: NodeJS.WriteStream
  signal?: AbortSignal
}

/**
 * Runs the engine over `pairs`, shows progress, prints each tag's line as it ends (`--json`: its result;
 * a dry run: what it would do) and the summary; returns the process exit code. Nothing per tag is kept but
 * failures, so a run of 50,000 tags prints as much as it copies without holding it.
 */
export async function runCopy(
  pairs: CopyPairs | readonly CopyPair[],
  flags: CopyFlags,
  pools: RegistryPools,
  io: CopyRunIo,
  destination: Partial<CopyEngineOptions> = {},
): Promise<number> {
  const dryRun = flags.dryRun ?? false
  const out = tagLines(io.stdout, flags.json ? 'json' : dryRun ? 'dry-run' : 'none')
  // A dry run's lines on a terminal are its progress; a bar drawn over them would garble both.
  const progress = progressOutput(io.stderr, flags.json || (dryRun && io.stdout.isTTY) ? 'none' : 'auto')
  const engine = new CopyEngine({
    source: (registry) => pools.source.client(registry),
    destination: (registry) => pools.destination.client(registry),
    jobs: flags.jobs,
    referrers: flags.referrers,
    dryRun: flags.dryRun,
    chunkSize: flags.chunkSize,
    quota: pools.quota,
    platforms: flags.platform === undefined ? undefined : parsePlatforms(flags.platform),
    onWarning: (message) => io.stderr.write(`warning: ${message}\n`),
    signal: io.signal,
    ...destination,
    onProgress: (snapshot) => progress.update(snapshot),
    onTagDone: (result) => out.tag(result),
  })
  let report: CopyReport
  try {
    report = await engine.run(pairs)
  } finally {
    progress.stop()
  }
  io.stdout.write(flags.json ? out.endJson(jsonSummary(report)) : textSummary(report, dryRun))
  return report.failures.length > 0 ? 1 : 0
}

/**
 * Each tag's line on stdout as its tag ends, waiting for a slow reader (which slows the run, rather than
 * piling lines up in memory). `--json` writes one document whose `results` open it and the totals close it.
 */
function tagLines(stdout: NodeJS.WritableStream, mode: 'json' | 'dry-run' | 'none') {
  let results = 0
  const write = (text: string): void | Promise<void> => {
    if (!stdout.write(text)) return new Promise<void>((resolve) => stdout.once('drain', resolve))
  }
  return {
    tag(result: TagResult): void | Promise<void> {
      if (mode === 'json') {
        const { source, destination, digest, outcome } = result
        const entry = JSON.stringify({ source, destination, digest, outcome }, null, 2).replace(/^/gm, '    ')
        return write(`${results++ === 0 ? '{\n  "results": [\n' : ',\n'}${entry}`)
      }
      if (mode === 'dry-run' && result.outcome !== 'failed') {
        return write(
          result.outcome === 'copied'
            ? `would copy  ${result.source} -> ${result.destination}\n`
            : `up to date  ${result.destination}\n`,
        )
      }
    },
    /** The rest of the `--json` document: the summary's fields after the results. */
    endJson(summary: Record<string, unknown>): string {
      const fields = JSON.stringify(summary, null, 2).slice(1)
      return results === 0 ? `{\n  "results": [],${fields}\n` : `\n  ],${fields}\n`
    },
  }
}

/** Everything in the `--json` document but the per-tag `results`. */
function jsonSummary(report: CopyReport): Record<string, unknown> {
  const p = report.progress
  return {
    tags: { copied: p.tagsCopied, skipped: p.tagsSkipped, failed: p.tagsFailed },
    blobs: { uploaded: p.blobsUploaded, mounted: p.blobsMounted, skipped: p.blobsPresent },
    manifestsPushed: p.manifestsPushed,
    bytesSent: p.bytesUploaded,
    seconds: Number(p.elapsedSeconds.toFixed(3)),
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    ...(report.plan ? { plan: report.plan } : {}),
    failures: report.failures.map((tag) => ({ source: tag.source, destination: tag.destination, ...tag.error })),
  }
}

function textSummary(report: CopyReport, dryRun: boolean): string {
  const p = report.progress
  const lines: string[] = []
  if (dryRun) {
    lines.push(
      `Plan: ${p.tagsCopied} to copy, ${p.tagsSkipped} up to date; ${report.plan?.blobsToUpload ?? 0} blobs ` +
        `(${formatBytes(report.plan?.bytesToUpload ?? 0)}) to upload.`,
    )
  } else {
    const rate = p.elapsedSeconds > 0 ? ` (${formatBytes(p.bytesUploaded / p.elapsedSeconds)}/s)` : ''
    lines.push(
      `Copied ${p.tagsCopied} tags, skipped ${p.tagsSkipped} already up to date, ${p.tagsFailed} failed.`,
      `Blobs: ${p.blobsUploaded} uploaded, ${p.blobsMounted} mounted, ${p.blobsPresent} already there; ` +
        `${formatBytes(p.bytesUploaded)} sent in ${p.elapsedSeconds.toFixed(1)} s${rate}.`,
    )
  }
  for (const tag of report.failures)
    lines.push(`FAILED ${tag.source} -> ${tag.destination}: ${tag.error?.code}: ${tag.error?.message}`)
  return `${lines.join('\n')}\n`
}
