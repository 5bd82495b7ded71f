import { describe, expect, it } from 'vitest'
import { findHelmChartReferences, isHelmChartPath } from '../../../../src-main/core/cutover/helm-chart-references'
import { applyEdits, proposeEdit } from '../../../../src-main/core/cutover/reference-rewrite'
import type { ScannedReference } from '../../../../src-main/core/cutover/reference-scan'
import { checkedReferences } from '../../../support/found-references'

const found = (source: string) => checkedReferences(findHelmChartReferences, source, 'Chart.yaml')

const CHART = `apiVersion: v2
name: shop
version: 1.4.0
dependencies:
  - name: redis
    version: 18.19.2   # pinned
    repository: "oci://registry-1.docker.io/bitnamicharts"
  - name: postgresql
    version: ~15.5.0
    repository: oci://registry-1.docker.io/bitnamicharts
  - name: common
    version: 2.x.x
    repository: https://charts.bitnami.com/bitnami
  - name: local
    version: 0.1.0
    repository: file://../local
  - name: metrics
    version: 1.0.0+build.7
    repository: oci://ghcr.io/acme/charts/
`

describe('isHelmChartPath', () => {
  it("takes a chart's Chart.yaml and a Helm 2 requirements.yaml, nothing else", () => {
    expect(isHelmChartPath('charts/shop/Chart.yaml')).toBe(true)
    expect(isHelmChartPath('requirements.yaml')).toBe(true)
    expect(isHelmChartPath('charts/shop/Chart.lock')).toBe(false)
    expect(isHelmChartPath('charts/shop/values.yaml')).toBe(false)
  })
})

describe('findHelmChartReferences', () => {
  it('reads OCI dependencies as repository/name:version, a version range as templated, other repositories not', () => {
    const references = found(CHART)
    expect(references.map(({ text, place, templated }) => ({ text, place, templated }))).toEqual([
      { text: 'registry-1.docker.io/bitnamicharts/redis:18.19.2', place: 'helm-chart:dependencies[0]' },
      { text: 'registry-1.docker.io/bitnamicharts/postgresql', place: 'helm-chart:dependencies[1]', templated: true },
      { text: 'ghcr.io/acme/charts/metrics:1.0.0_build.7', place: 'helm-chart:dependencies[4]' },
    ])
    expect(references[0]!.parts?.repository?.text).toBe('registry-1.docker.io/bitnamicharts')
  })

  it('moves the repository only, keeping the oci:// scheme, the quotes, the name and the version', () => {
    const reference = findHelmChartReferences(CHART, 'Chart.yaml')[0]!
    const ecr = '123456789012.dkr.ecr.eu-west-1.amazonaws.com'
    const scanned = {
      file: 'Chart.yaml',
      line: 7,
      column: 23,
      text: reference.text,
      place: reference.place,
      status: 'migrated',
      target: `${ecr}/hub/bitnamicharts/redis:18.19.2`,
      found: reference,
    } as ScannedReference
    const options = { pinDigest: false, kustomizeEntries: [], lineEnd: '\n' } as const
    const proposal = proposeEdit(scanned, options)!
    expect(proposal.verdict).toBe('safe')
    expect(applyEdits(CHART, proposal.edits)).toBe(
      CHART.replace('"oci://registry-1.docker.io/bitnamicharts"', `"oci://${ecr}/hub/bitnamicharts"`),
    )
    const renamed = proposeEdit({ ...scanned, target: `${ecr}/hub/charts-redis:18.19.2` }, options)
    expect(renamed).toMatchObject({ verdict: 'would-break', edits: [] })
  })
})
