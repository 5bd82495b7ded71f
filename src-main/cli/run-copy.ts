import { CopyEngine, type CopyEngineOptions, type CopyPair, type CopyReport } from '../core/migration/copy-engine'
import { parsePlatforms } from '../core/migration/platform-filter'
import { formatBytes } from './format'
import { progressOutput } from './progress-output'
import type { RegistryPools } from './registry-options'

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

/** Runs the engine over `pairs`, shows progress, prints the summary; returns the process exit code. */
export async function runCopy(pairs: CopyPair[], flags: CopyFlags, pools: RegistryPools, io: CopyRunIo, destination: Partial<CopyEngineOptions> = {}): Promise<number> {
  const progress = progressOutput(io.stderr, flags.json ? 'none' : 'auto')
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
  })
  let report: CopyReport
  try {
    report = await engine.run(pairs)
  } finally {
    progress.stop()
  }
  io.stdout.write(flags.json ? `${JSON.stringify(jsonSummary(report), null, 2)}\n` : textSummary(report, flags.dryRun ?? false))
  return report.tags.some((tag) => tag.outcome === 'failed') ? 1 : 0
}

export function jsonSummary(report: CopyReport): Record<string, unknown> {
  const p = report.progress
  const count = (outcome: string): number => report.tags.filter((tag) => tag.outcome === outcome).length
  return {
    tags: { copied: count('copied'), skipped: count('skipped'), failed: count('failed') },
    blobs: { uploaded: p.blobsUploaded, mounted: p.blobsMounted, skipped: p.blobsPresent },
    manifestsPushed: p.manifestsPushed,
    bytesSent: p.bytesUploaded,
    seconds: Number(p.elapsedSeconds.toFixed(3)),
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    ...(report.plan ? { plan: report.plan } : {}),
    failures: report.tags.filter((tag) => tag.outcome === 'failed').map((tag) => ({ source: tag.source, destination: tag.destination, ...tag.error })),
    results: report.tags.map(({ source, destination, digest, outcome }) => ({ source, destination, digest, outcome })),
  }
}

export function textSummary(report: CopyReport, dryRun: boolean): string {
  const p = report.progress
  const lines: string[] = []
  const failed = report.tags.filter((tag) => tag.outcome === 'failed')
  if (dryRun) {
    const copy = report.tags.filter((tag) => tag.outcome === 'copied')
    for (const tag of copy) lines.push(`would copy  ${tag.source} -> ${tag.destination}`)
    for (const tag of report.tags.filter((t) => t.outcome === 'skipped')) lines.push(`up to date  ${tag.destination}`)
    lines.push(
      `Plan: ${copy.length} to copy, ${report.tags.length - copy.length - failed.length} up to date; ` +
        `${report.plan?.blobsToUpload ?? 0} blobs (${formatBytes(report.plan?.bytesToUpload ?? 0)}) to upload.`,
    )
  } else {
    const rate = p.elapsedSeconds > 0 ? ` (${formatBytes(p.bytesUploaded / p.elapsedSeconds)}/s)` : ''
    lines.push(
      `Copied ${p.tagsCopied} tags, skipped ${p.tagsSkipped} already up to date, ${p.tagsFailed} failed.`,
      `Blobs: ${p.blobsUploaded} uploaded, ${p.blobsMounted} mounted, ${p.blobsPresent} already there; ${formatBytes(p.bytesUploaded)} sent in ${p.elapsedSeconds.toFixed(1)} s${rate}.`,
    )
  }
  for (const tag of failed) lines.push(`FAILED ${tag.source} -> ${tag.destination}: ${tag.error?.code}: ${tag.error?.message}`)
  return `${lines.join('\n')}\n`
}
