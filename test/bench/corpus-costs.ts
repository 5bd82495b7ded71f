// `npm run bench:costs`: the cost model on the benchmark's corpus (the standard worked example). Reads
// $WORK/corpus-$SIZE/corpus.json, made (and cached) by `npm run bench` (test/bench/rig/corpus.ts).
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describeCosts } from '../../src-main/cli/costs-command'
import { estimateCosts, type CostAssumptions, type RepositoryUsage } from '../../src-main/core/pricing/cost-model'
import { loadPriceTables } from '../../src-main/core/pricing/price-tables'

interface Corpus {
  repos: Record<string, { blobs: string[]; tags: Record<string, string> }>
  manifests: Record<string, { blobs: string[]; children: string[]; mediaType: string }>
  blobs: Record<string, { size: number }>
}

const dir = join(process.env.WORK ?? '/tmp/crossdock-bench', `corpus-${process.env.SIZE ?? 'default'}`)
if (!existsSync(join(dir, 'corpus.json')))
  throw new Error(`No corpus at ${dir}: run npm run bench first (SIZE=small npm run bench for a small one)`)
const corpus = JSON.parse(readFileSync(join(dir, 'corpus.json'), 'utf8')) as Corpus
const size = (digest: string): number => corpus.blobs[digest]?.size ?? 0

/** The repository's images: each tag's manifest, or each child of an index. */
function images(digest: string): string[] {
  const manifest = corpus.manifests[digest]
  return manifest && manifest.children.length > 0 ? manifest.children.flatMap(images) : [digest]
}

const usage: RepositoryUsage[] = Object.entries(corpus.repos).map(([repository, repo]) => {
  const imageDigests = new Set(Object.values(repo.tags).flatMap(images))
  const imageSizes = [...imageDigests].map((digest) =>
    (corpus.manifests[digest]?.blobs ?? []).reduce((sum, blob) => sum + size(blob), 0),
  )
  return {
    repository,
    uniqueLayerBytes: repo.blobs.reduce((sum, blob) => sum + size(blob), 0),
    images: imageDigests.size,
    bytesPerPull: Math.max(...imageSizes),
  }
})

// The worked example's workload: each service pulled 1,000 times a month, a tenth from outside AWS, half of the
// rest through a NAT gateway; a Team of 5 on Docker Hub; 3% growth a month.
const assumptions: CostAssumptions = {
  hubPlan: 'team',
  hubSeats: 5,
  hubBilling: 'annual',
  monthlyPulls: {},
  pullsPerRepository: 1000,
  crossRegionShare: 0,
  internetShare: 0.1,
  natGatewayShare: 0.5,
  enhancedScanning: false,
  monthlyGrowthPercent: 3,
  overrides: {},
}
const migrationPulls = Object.values(corpus.repos).reduce(
  (sum, repo) => sum + new Set(Object.values(repo.tags).flatMap(images)).size,
  0,
)
process.stdout.write(
  `Corpus ${dir}: ${usage.length} ` +
    `repositories.\n\n` +
    `${describeCosts(estimateCosts(loadPriceTables(), usage, assumptions, migrationPulls), assumptions)}`,
)
