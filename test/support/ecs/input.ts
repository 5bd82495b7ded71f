import { AwsError } from '../ecr/aws-json'
import type { Input } from './json-service'

/**
 * Members of a request body by their modelled JSON type. A member of the wrong JSON type does not get past the
 * services' deserializer: SerializationException, whatever the operation.
 */

const wrongType = (name: string, expected: string): AwsError =>
  new AwsError('SerializationException', `Member '${name}' must be ${expected}`)

export function optionalString(input: Input, name: string): string | undefined {
  const value = input[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw wrongType(name, 'a string')
  return value
}

export function optionalInteger(input: Input, name: string): number | undefined {
  const value = input[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType(name, 'an integer')
  return value
}

export function optionalStringList(input: Input, name: string): string[] | undefined {
  const value = input[name]
  if (value === undefined || value === null) return undefined
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw wrongType(name, 'a list of strings')
  return value as string[]
}
