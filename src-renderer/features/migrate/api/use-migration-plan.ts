import { useRequestedCall, type CallRequest } from '../../../lib/use-requested-call'

export type PlanRequest = CallRequest<'migrate.plan'>

/** The dry run: nothing is pulled or written, so it can run as often as "Plan" is pressed. */
export function useMigrationPlan(request: PlanRequest | undefined) {
  return useRequestedCall('migrate.plan', request)
}
