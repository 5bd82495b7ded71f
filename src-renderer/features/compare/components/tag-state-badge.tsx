import type { TagStateDto } from '../../../../src-main/contract'
import { Badge, type BadgeTone } from '../../../components/ui/badge'
import { TAG_STATE_LABELS } from '../model/compare-rows'

const TONES: Record<TagStateDto, BadgeTone> = { both: 'ok', 'hub-only': 'warn', differs: 'bad', 'ecr-only': 'info' }

export function TagStateBadge({ state }: { state: TagStateDto }) {
  return (
    <Badge tone={TONES[state]} testId="tag-state">
      {TAG_STATE_LABELS[state]}
    </Badge>
  )
}
