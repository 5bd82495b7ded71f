import type { WhatIfDto } from '../../../../src-main/contract'
import { Badge } from '../../../components/ui/badge'
import { NumberField } from '../../../components/ui/number-field'
import { TableHead } from '../../../components/ui/table-head'
import { formatCount, formatPerSecond } from '../../../lib/format'
import type { WhatIfErrors, WhatIfForm } from '../model/what-if-form'

export interface WhatIfFormProps {
  form: WhatIfForm
  errors: WhatIfErrors
  onChange(change: Partial<WhatIfForm>): void
}

const FIELDS: ReadonlyArray<{
  field: keyof WhatIfForm
  label: string
  testId: string
  step: number | 'any'
  min: number
}> = [
  { field: 'nodes', label: 'Nodes', testId: 'whatif-nodes', step: 1, min: 1 },
  { field: 'deploysPerDay', label: 'Deploys a day', testId: 'whatif-deploys', step: 'any', min: 0 },
  { field: 'imagesPerDeploy', label: 'Images a deploy', testId: 'whatif-images', step: 1, min: 1 },
  { field: 'platformsPerImage', label: 'Platform manifests an image', testId: 'whatif-platforms', step: 1, min: 1 },
  { field: 'layersPerImage', label: 'Layers an image', testId: 'whatif-layers', step: 1, min: 1 },
  { field: 'rolloutSeconds', label: 'Rollout (seconds)', testId: 'whatif-rollout', step: 'any', min: 1 },
]

/** The workload: every node pulls every image of a deploy within the rollout. */
export function WhatIfFormFields({ form, errors, onChange }: WhatIfFormProps) {
  return (
    // role=group names this row of fields as a fieldset would, without a fieldset's frame and legend layout.
    // biome-ignore lint/a11y/useSemanticElements: as said above
    <div className="form-row" role="group" aria-label="Workload" data-testid="whatif-form">
      {FIELDS.map(({ field, label, testId, step, min }) => (
        <NumberField
          key={field}
          label={label}
          value={form[field]}
          min={min}
          step={step}
          error={errors[field]}
          testId={testId}
          onChange={(text) => onChange({ [field]: text })}
        />
      ))}
    </div>
  )
}

const VERDICT_TONES = { fine: 'ok', over: 'bad', throttled: 'bad' } as const
const VERDICT_LABELS = { fine: 'fine', over: 'over the limit', throttled: 'throttled' } as const

function VerdictCells({ verdict, message }: { verdict: keyof typeof VERDICT_LABELS; message: string }) {
  return (
    <>
      <td>
        <Badge tone={VERDICT_TONES[verdict]}>{VERDICT_LABELS[verdict]}</Badge>
      </td>
      <td>{message}</td>
    </>
  )
}

/** The workload's pulls against each Docker Hub limit, and its peak rate against each ECR quota. */
export function WhatIfResult({ result }: { result: WhatIfDto }) {
  return (
    <div className="stack" data-testid="whatif-result">
      <p>
        Docker Hub pulls in 6 hours:{' '}
        <strong data-testid="whatif-pulls">{formatCount(Math.ceil(result.pullsPer6h))}</strong>
      </p>
      <table className="data-table" data-testid="whatif-hub">
        <caption>Against Docker Hub's limits (per 6 h)</caption>
        <TableHead columns={['Pulling as', 'Limit', 'Verdict', 'Why']} />
        <tbody>
          {result.dockerHub.map((row) => (
            <tr key={row.identity} data-testid="whatif-hub-row" data-identity={row.identity} data-verdict={row.verdict}>
              <th scope="row">{row.identity}</th>
              <td>{row.limit === undefined ? 'none' : formatCount(row.limit)}</td>
              <VerdictCells verdict={row.verdict} message={row.message} />
            </tr>
          ))}
        </tbody>
      </table>
      <table className="data-table" data-testid="whatif-ecr">
        <caption>Against ECR's API quotas, at the rollout's peak</caption>
        <TableHead columns={['API', 'Peak', 'Quota', 'Verdict', 'Why']} />
        <tbody>
          {result.ecr.map((row) => (
            <tr key={row.api} data-testid="whatif-ecr-row" data-api={row.api} data-verdict={row.verdict}>
              <th scope="row">
                <code>{row.api}</code>
              </th>
              <td>{formatPerSecond(row.peakPerSecond)}</td>
              <td>{formatPerSecond(row.quota)}</td>
              <VerdictCells verdict={row.verdict} message={row.message} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
