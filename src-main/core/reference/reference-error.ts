import { CrossdockError } from '../lib/errors'

/** Which piece of `registry/repository:tag@digest` was wrong, so UIs can point at the right field. */
export type ReferencePart = 'registry' | 'repository' | 'tag' | 'digest' | 'reference'

export class ImageReferenceError extends CrossdockError {
  readonly part: ReferencePart

  constructor(part: ReferencePart, message: string) {
    super('REFERENCE_INVALID', message)
    this.name = 'ImageReferenceError'
    this.part = part
  }
}
