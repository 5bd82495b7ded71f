export { type Digest, type DigestAlgorithm, digestAlgorithm, digestHex, isDigest, parseDigest } from './digest'
export { ImageReferenceError, type ReferencePart } from './reference-error'
export {
  type ImageRef,
  type RepositoryRef,
  familiarReference,
  formatReference,
  parseReference,
  parseRepository,
  registryApiHost,
  withDigest,
  withTag,
} from './reference'
