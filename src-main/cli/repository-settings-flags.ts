import type { RepositorySettings } from '../contract'
import { UsageError } from './usage-error'

/** The options of `withRepositorySettings`, as commander parses them. */
export interface RepositorySettingsFlags {
  mutability?: string
  mutableTag?: string[]
  scanOnPush?: boolean
  kmsKey?: string
  /** `keep-last:N,expire-untagged:DAYS`. */
  lifecycle?: string
  repoTag?: string[]
}

/** The settings of repositories a run creates, from the same options on `copy`, `sync` and `migrate`. */
export function repositorySettings(flags: RepositorySettingsFlags): RepositorySettings {
  const immutableTags = (flags.mutability ?? 'mutable') === 'immutable'
  if (flags.mutableTag?.length && !immutableTags)
    throw new UsageError('--mutable-tag names exceptions to immutable tags; add --mutability immutable or drop it.')
  return {
    immutableTags,
    mutabilityExceptions: flags.mutableTag,
    scanOnPush: flags.scanOnPush ?? false,
    encryption: flags.kmsKey ? { type: 'KMS', kmsKey: flags.kmsKey } : { type: 'AES256' },
    lifecycle: lifecycleRules(flags.lifecycle),
    tags: resourceTags(flags.repoTag ?? []),
  }
}

function lifecycleRules(text: string | undefined): RepositorySettings['lifecycle'] {
  const lifecycle: { keepLastImages?: number; expireUntaggedAfterDays?: number } = {}
  for (const rule of (text ?? '').split(',').filter(Boolean)) {
    const match = /^(keep-last|expire-untagged):([1-9]\d*)$/.exec(rule.trim())
    if (!match)
      throw new UsageError(
        `--lifecycle rules are keep-last:N and expire-untagged:DAYS, comma-separated (got "${rule}").`,
      )
    if (match[1] === 'keep-last') lifecycle.keepLastImages = Number(match[2])
    else lifecycle.expireUntaggedAfterDays = Number(match[2])
  }
  return lifecycle
}

function resourceTags(pairs: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    pairs.map((pair) => {
      const equals = pair.indexOf('=')
      if (equals <= 0) throw new UsageError(`--repo-tag must be KEY=VALUE (got "${pair}").`)
      return [pair.slice(0, equals), pair.slice(equals + 1)]
    }),
  )
}
