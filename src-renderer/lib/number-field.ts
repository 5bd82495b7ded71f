/** A typed number field: its value when it is a number within `min`…`max` (a whole one if asked), else undefined. */
export function readNumber(text: string, min: number, max: number, integer = false): number | undefined {
  const trimmed = text.trim()
  if (trimmed === '') return undefined
  const value = Number(trimmed)
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) return undefined
  return value
}
