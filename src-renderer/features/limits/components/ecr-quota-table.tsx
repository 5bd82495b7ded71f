import type { EcrQuotaDto, FigureDto } from '../../../../src-main/contract'
import { Badge } from '../../../components/ui/badge'
import { FigureSource } from '../../../components/ui/figure-source'
import { TableHead } from '../../../components/ui/table-head'
import { formatPerSecond, formatQuantity } from '../../../lib/format'
import { ecrQuotaView } from '../model/quota-gauge'

/** ECR's API rate quotas, each with the highest rate a Crossdock migration asks of it. */
export function EcrQuotaTable({ quotas }: { quotas: readonly EcrQuotaDto[] }) {
  return (
    <table className="data-table" data-testid="ecr-quotas">
      <caption>Per account and Region, requests a second (adjustable in Service Quotas)</caption>
      <TableHead columns={['API', 'Quota', "A migration's peak", 'Verdict', 'Used by', 'Quota code', 'Source']} />
      <tbody>
        {quotas.map((quota) => {
          const view = ecrQuotaView(quota)
          return (
            <tr key={quota.api} data-testid="ecr-quota-row" data-api={quota.api}>
              <th scope="row">
                <code>{quota.api}</code>
              </th>
              <td data-testid="ecr-quota-limit">{formatPerSecond(quota.perSecond)}</td>
              <td data-testid="ecr-quota-peak">
                {quota.migrationPeak === undefined ? '—' : formatPerSecond(quota.migrationPeak)}
                {/* `low` just under 0.8: a meter's value at `low` still counts as low, and 80% is "near" in the
                    verdict. */}
                {view.share !== undefined && (
                  <meter
                    className="quota-meter"
                    min={0}
                    max={1}
                    low={0.79}
                    high={1}
                    optimum={0}
                    value={Math.min(1, view.share)}
                    aria-label={`${quota.api}: ${Math.round(view.share * 100)}% of the quota`}
                  />
                )}
              </td>
              <td>
                <Badge tone={view.tone}>{view.verdict}</Badge>
              </td>
              <td>{quota.usedBy}</td>
              <td>
                <code>{quota.quotaCode}</code>
              </td>
              <td>
                <FigureSource source={quota.source} asOf={quota.asOf} />
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

/** Docker Hub's published pull limits, for context. */
export function HubLimitsTable({ figures }: { figures: readonly FigureDto[] }) {
  return (
    <table className="data-table" data-testid="hub-limits">
      <caption>Docker Hub's published pull limits</caption>
      <TableHead columns={['Figure', 'Limit', 'Source']} />
      <tbody>
        {figures.map((figure) => (
          <tr key={figure.id} data-testid="hub-limit-row" data-figure={figure.id}>
            <th scope="row">
              <code>{figure.id}</code>
            </th>
            <td>
              {formatQuantity(figure.value)} {figure.unit}
            </td>
            <td>
              <FigureSource source={figure.source} asOf={figure.asOf} uncertain={figure.uncertain} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
