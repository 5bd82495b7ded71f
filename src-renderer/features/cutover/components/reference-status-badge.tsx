import type { ReferenceStatusDto } from '../../../../src-main/contract'
import { Badge } from '../../../components/ui/badge'
import { STATUS_LABELS, STATUS_TONES } from '../model/references'

export function ReferenceStatusBadge({ status }: { status: ReferenceStatusDto }) {
  return (
    <span data-testid="reference-status" data-status={status}>
      <Badge tone={STATUS_TONES[status]}>{STATUS_LABELS[status]}</Badge>
    </span>
  )
}
