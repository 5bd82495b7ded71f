import type { FigureDto } from '../../../../src-main/contract'
import { FigureSource } from '../../../components/ui/figure-source'
import { OverrideInput } from '../../../components/ui/override-input'
import { TableHead } from '../../../components/ui/table-head'
import type { CostFormErrors } from '../model/cost-form'

export interface PriceFiguresTableProps {
  figures: readonly FigureDto[]
  /** Prices typed by the user, by figure id. */
  typed: Readonly<Record<string, string>>
  errors: CostFormErrors
  /** A figure's price typed, or `undefined` to go back to the table's. */
  onOverride(id: string, text: string | undefined): void
}

/** Every figure the estimate used, each replaceable by the user's own (a negotiated price, a newer one). */
export function PriceFiguresTable({ figures, typed, errors, onOverride }: PriceFiguresTableProps) {
  return (
    <table className="data-table" data-testid="cost-figures">
      <caption className="visually-hidden-text">The figures used</caption>
      <TableHead columns={['Figure', 'Value', 'Unit', 'Source']} />
      <tbody>
        {figures.map((figure) => (
          <tr
            key={figure.id}
            data-testid="cost-figure-row"
            data-figure={figure.id}
            data-uncertain={figure.uncertain === true}
            data-overridden={figure.overridden === true}
          >
            <th scope="row">
              <code>{figure.id}</code>
            </th>
            <td>
              <OverrideInput
                typed={typed[figure.id]}
                fallback={figure.value}
                label={`Value of ${figure.id}`}
                resetLabel={`Use the table's value for ${figure.id}`}
                error={errors[`overrides:${figure.id}`]}
                testId="cost-figure-value"
                onChange={(text) => onOverride(figure.id, text)}
              />
            </td>
            <td>{figure.unit}</td>
            <td>
              <FigureSource
                source={figure.source}
                asOf={figure.asOf}
                uncertain={figure.uncertain}
                overridden={figure.overridden}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
