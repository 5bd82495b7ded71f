import { PageHeader } from '../../components/ui/page-header'
import { CostsSlot } from '../../features/costs/components/costs-slot'
import { LimitsSlot } from '../../features/limits/components/limits-slot'

export function SlotRoute({ view }: { view: 'costs' | 'limits' }) {
  return (
    <>
      <PageHeader title={view === 'costs' ? 'Costs' : 'Limits'} />
      {view === 'costs' ? <CostsSlot /> : <LimitsSlot />}
    </>
  )
}
