import { describe, expect, it } from 'vitest'
import {
  DEFAULT_SETTINGS_FORM,
  describeSettings,
  readSettingsForm,
} from '../../../../../../src-renderer/features/migrate/model/settings-form'

describe('migration settings form', () => {
  it('reads the defaults as mutable, scanned, AES-256, no lifecycle', () => {
    expect(readSettingsForm(DEFAULT_SETTINGS_FORM)).toEqual({
      ok: true,
      settings: { immutableTags: false, scanOnPush: true, encryption: { type: 'AES256' } },
      referrers: false,
    })
  })

  it('keeps a KMS key, lifecycle numbers and referrers, and ignores exceptions for mutable tags', () => {
    const read = readSettingsForm({
      ...DEFAULT_SETTINGS_FORM,
      exceptions: 'a',
      encryption: 'KMS',
      kmsKey: ' alias/ecr ',
      expireUntaggedAfterDays: '14',
      referrers: true,
    })
    expect(read).toEqual({
      ok: true,
      settings: {
        immutableTags: false,
        scanOnPush: true,
        encryption: { type: 'KMS', kmsKey: 'alias/ecr' },
        lifecycle: { expireUntaggedAfterDays: 14 },
      },
      referrers: true,
    })
  })

  it('refuses more than five exceptions, non-numbers and a malformed Lambda platform', () => {
    const read = readSettingsForm({
      ...DEFAULT_SETTINGS_FORM,
      mutability: 'immutable',
      exceptions: 'a,b,c,d,e,f',
      keepLastImages: '0',
      lambdaPlatform: 'amd64',
    })
    expect(read.ok).toBe(false)
    expect(!read.ok && Object.keys(read.errors).sort()).toEqual(['exceptions', 'keepLastImages', 'lambdaPlatform'])
  })

  it('describes KMS with the AWS managed key', () => {
    expect(describeSettings({ immutableTags: false, scanOnPush: false, encryption: { type: 'KMS' } })).toBe(
      'mutable tags · no scan on push · KMS encryption (AWS managed key)',
    )
  })
})
