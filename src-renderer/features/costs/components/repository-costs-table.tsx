import type { CostEstimateDto } from '../../../../src-main/contract'
import { Badge } from '../../../components/ui/badge'
import { OverrideInput } from '../../../components/ui/override-input'
import { TableHead } from '../../../components/ui/table-head'
import { formatBytes, formatCount, formatMoney } from '../../../lib/format'
import type { CostFormErrors } from '../model/cost-form'

export interface RepositoryCostsTableProps {
  rows: CostEstimateDto['perRepository']
  /** Pulls typed by the user, by repository. */
  typedPulls: Readonly<Record<string, string>>
  errors: CostFormErrors
  /** A repository's monthly pulls typed, or `undefined` to go back to Docker Hub's pull history. */
  onPullsChange(repository: string, text: string | undefined): void
}

export function RepositoryCostsTable({ rows, typedPulls, errors, onPullsChange }: RepositoryCostsTableProps) {
  return (
    <table className="data-table" data-testid="cost-repositories">
      <caption>Per repository, a month (pulls default to Docker Hub's pull history; type your own)</caption>
      <TableHead
        columns={['Repository', 'Unique layers', 'Images', 'Pulls a month', 'Storage', 'Transfer', 'Scanning', 'Total']}
      />
      <tbody>
        {rows.map((row) => (
          <tr key={row.repository} data-testid="cost-repository-row" data-repository={row.repository}>
            <th scope="row">{row.repository}</th>
            <td>{formatBytes(row.uniqueLayerBytes)}</td>
            <td>{formatCount(row.images)}</td>
            <td>
              <OverrideInput
                typed={typedPulls[row.repository]}
                fallback={row.monthlyPulls}
                label={`Monthly pulls of ${row.repository}`}
                resetLabel={`Use Docker Hub's pull history for ${row.repository}`}
                error={errors[`monthlyPulls:${row.repository}`]}
                testId="cost-repository-pulls"
                marker={
                  <Badge tone={row.pullsFrom === 'history' ? 'ok' : 'muted'} testId="cost-pulls-from">
                    {row.pullsFrom === 'history' ? 'from pull history' : 'estimate'}
                  </Badge>
                }
                onChange={(text) => onPullsChange(row.repository, text)}
              />
            </td>
            <td className="amount">{formatMoney(row.storage)}</td>
            <td className="amount">{formatMoney(row.transfer)}</td>
            <td className="amount">{formatMoney(row.scanning)}</td>
            <td className="amount">{formatMoney(row.total)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
