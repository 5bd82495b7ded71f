import type { CostSideDto } from '../../../../src-main/contract'
import { FigureSource } from '../../../components/ui/figure-source'
import { TableHead } from '../../../components/ui/table-head'
import { formatMoney, formatQuantity } from '../../../lib/format'

export interface CostLinesTableProps {
  side: 'ecr' | 'docker-hub'
  title: string
  bill: CostSideDto
}

/** A side's bill: quantity × price = amount, a line each, with the table entry that gave the price. */
export function CostLinesTable({ side, title, bill }: CostLinesTableProps) {
  return (
    <table className="data-table cost-lines" data-testid={`cost-lines-${side}`}>
      <caption>{title}</caption>
      <TableHead columns={['Line', 'Quantity', 'Price', 'Amount', 'Where the price comes from']} />
      <tbody>
        {bill.lines.map((line) => (
          <tr key={line.id} data-testid="cost-line" data-side={side} data-line={line.id} data-amount={line.amount}>
            <th scope="row">{line.label}</th>
            <td>
              {formatQuantity(line.quantity)} {line.unit}
            </td>
            <td>
              {formatQuantity(line.figure.value)} {line.figure.unit}
            </td>
            <td className="amount">{formatMoney(line.amount)}</td>
            <td>
              <FigureSource
                source={line.figure.source}
                asOf={line.figure.asOf}
                uncertain={line.figure.uncertain}
                overridden={line.figure.overridden}
              />
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={3}>
            Total
          </th>
          <td className="amount" data-testid={`cost-lines-${side}-total`}>
            {formatMoney(bill.total)}
          </td>
          <td />
        </tr>
      </tfoot>
    </table>
  )
}
