import type { CallArgs } from '../../../../src-main/contract'
import { readNumber } from '../../../lib/number-field'

export type WhatIfArgs = CallArgs<'limits.whatIf'>

/** The calculator's inputs as typed. */
export interface WhatIfForm {
  nodes: string
  deploysPerDay: string
  imagesPerDeploy: string
  platformsPerImage: string
  layersPerImage: string
  rolloutSeconds: string
}

export const DEFAULT_WHAT_IF_FORM: WhatIfForm = {
  nodes: '20',
  deploysPerDay: '4',
  imagesPerDeploy: '3',
  platformsPerImage: '1',
  layersPerImage: '8',
  rolloutSeconds: '60',
}

export type WhatIfErrors = Partial<Record<keyof WhatIfForm, string>>

/** Each field's bounds, as `whatIfSchema` has them. */
const FIELDS: Record<keyof WhatIfForm, { min: number; max: number; integer: boolean; message: string }> = {
  nodes: { min: 1, max: 1_000_000, integer: true, message: 'A whole number from 1 to 1,000,000.' },
  deploysPerDay: { min: 0, max: 100_000, integer: false, message: 'A number from 0 to 100,000.' },
  imagesPerDeploy: { min: 1, max: 1000, integer: true, message: 'A whole number from 1 to 1,000.' },
  platformsPerImage: { min: 1, max: 16, integer: true, message: 'A whole number from 1 to 16.' },
  layersPerImage: { min: 1, max: 500, integer: true, message: 'A whole number from 1 to 500.' },
  rolloutSeconds: { min: 1, max: 86_400, integer: false, message: 'Seconds, from 1 to 86,400.' },
}

export function readWhatIfForm(form: WhatIfForm): { ok: true; args: WhatIfArgs } | { ok: false; errors: WhatIfErrors } {
  const errors: WhatIfErrors = {}
  const values: Partial<Record<keyof WhatIfForm, number>> = {}
  for (const field of Object.keys(FIELDS) as Array<keyof WhatIfForm>) {
    const { min, max, integer, message } = FIELDS[field]
    const value = readNumber(form[field], min, max, integer)
    if (value === undefined) errors[field] = message
    else values[field] = value
  }
  const { nodes, deploysPerDay, imagesPerDeploy, platformsPerImage, layersPerImage, rolloutSeconds } = values
  if (
    nodes === undefined ||
    deploysPerDay === undefined ||
    imagesPerDeploy === undefined ||
    platformsPerImage === undefined ||
    layersPerImage === undefined ||
    rolloutSeconds === undefined
  )
    return { ok: false, errors }
  return {
    ok: true,
    args: { nodes, deploysPerDay, imagesPerDeploy, platformsPerImage, layersPerImage, rolloutSeconds },
  }
}
