import type { CallArgs } from '../../../../src-main/contract'

type MigrationArgs = CallArgs<'migrate.plan'>
export type RepositorySettings = MigrationArgs['settings']

/** The settings form as typed (strings for the number fields), turned into call arguments by `readSettingsForm`. */
export interface SettingsForm {
  mutability: 'mutable' | 'immutable'
  /** Tag filters that stay mutable under immutability, comma separated. */
  exceptions: string
  scanOnPush: boolean
  encryption: 'AES256' | 'KMS'
  kmsKey: string
  keepLastImages: string
  expireUntaggedAfterDays: string
  lambdaPlatform: string
  referrers: boolean
}

export const DEFAULT_SETTINGS_FORM: SettingsForm = {
  mutability: 'mutable',
  exceptions: '',
  scanOnPush: true,
  encryption: 'AES256',
  kmsKey: '',
  keepLastImages: '',
  expireUntaggedAfterDays: '',
  lambdaPlatform: '',
  referrers: false,
}

export type SettingsErrors = Partial<Record<keyof SettingsForm, string>>

export type ReadSettings =
  | { ok: true; settings: RepositorySettings; lambdaPlatform?: string; referrers: boolean }
  | { ok: false; errors: SettingsErrors }

const LAMBDA_PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?$/

function positiveInteger(text: string): number | undefined | 'invalid' {
  const trimmed = text.trim()
  if (trimmed === '') return undefined
  return /^\d+$/.test(trimmed) && Number(trimmed) > 0 ? Number(trimmed) : 'invalid'
}

export function readSettingsForm(form: SettingsForm): ReadSettings {
  const errors: SettingsErrors = {}
  const exceptions = form.exceptions
    .split(',')
    .map((filter) => filter.trim())
    .filter(Boolean)
  if (form.mutability === 'immutable' && exceptions.length > 5) errors.exceptions = 'At most 5 exceptions.'
  const keepLastImages = positiveInteger(form.keepLastImages)
  if (keepLastImages === 'invalid') errors.keepLastImages = 'A whole number above 0, or empty.'
  const expireUntaggedAfterDays = positiveInteger(form.expireUntaggedAfterDays)
  if (expireUntaggedAfterDays === 'invalid')
    errors.expireUntaggedAfterDays = 'A whole number of days above 0, or empty.'
  const lambdaPlatform = form.lambdaPlatform.trim()
  if (lambdaPlatform && !LAMBDA_PLATFORM.test(lambdaPlatform))
    errors.lambdaPlatform = 'A platform such as linux/amd64 or linux/arm64.'
  if (Object.keys(errors).length > 0 || keepLastImages === 'invalid' || expireUntaggedAfterDays === 'invalid')
    return { ok: false, errors }

  const lifecycle = keepLastImages || expireUntaggedAfterDays ? { keepLastImages, expireUntaggedAfterDays } : undefined
  const kmsKey = form.kmsKey.trim()
  const settings: RepositorySettings = {
    immutableTags: form.mutability === 'immutable',
    ...(form.mutability === 'immutable' && exceptions.length > 0 ? { mutabilityExceptions: exceptions } : {}),
    scanOnPush: form.scanOnPush,
    encryption: form.encryption === 'KMS' ? { type: 'KMS', ...(kmsKey ? { kmsKey } : {}) } : { type: 'AES256' },
    ...(lifecycle ? { lifecycle } : {}),
  }
  return { ok: true, settings, ...(lambdaPlatform ? { lambdaPlatform } : {}), referrers: form.referrers }
}

/** One line for "repositories to create": what each gets. */
export function describeSettings(settings: RepositorySettings): string {
  const parts = [
    settings.immutableTags ? `immutable tags${exceptionsText(settings.mutabilityExceptions)}` : 'mutable tags',
  ]
  parts.push(settings.scanOnPush ? 'scan on push' : 'no scan on push')
  parts.push(
    settings.encryption.type === 'KMS'
      ? `KMS encryption${settings.encryption.kmsKey ? ` (${settings.encryption.kmsKey})` : ' (AWS managed key)'}`
      : 'AES-256 encryption',
  )
  if (settings.lifecycle?.keepLastImages) parts.push(`keep last ${settings.lifecycle.keepLastImages} images`)
  if (settings.lifecycle?.expireUntaggedAfterDays)
    parts.push(`expire untagged after ${settings.lifecycle.expireUntaggedAfterDays} days`)
  return parts.join(' · ')
}

function exceptionsText(exceptions: readonly string[] | undefined): string {
  return exceptions?.length ? ` (except ${exceptions.join(', ')})` : ''
}
