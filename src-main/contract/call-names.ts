/**
 * The contract's call names and IPC channels without zod: the sandboxed preload can `require` only
 * electron, so it imports this file and nothing that reaches zod. index.ts checks the list against `calls`.
 */
export const CALL_NAME_LIST = [
  'app.info',
  'app.pickFolders',
  'accounts.list',
  'accounts.addHub',
  'accounts.removeHub',
  'accounts.verifyAws',
  'limits.hub',
  'compare.run',
  'migrate.plan',
  'migrate.start',
  'jobs.pause',
  'jobs.resume',
  'jobs.cancel',
  'jobs.list',
  'jobs.report',
  'costs.estimate',
  'limits.overview',
  'limits.whatIf',
  'cutover.scan',
  'cutover.preview',
  'cutover.apply',
  'cutover.live',
] as const

export type ListedCallName = (typeof CALL_NAME_LIST)[number]

/** Electron IPC: calls go to main on one invoke channel; backend events come back on another. */
export const IPC_CALL_CHANNEL = 'crossdock:call'
export const IPC_EVENT_CHANNEL = 'crossdock:event'
