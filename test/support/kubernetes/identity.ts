import { createHash } from 'node:crypto'

// What the API server and the controllers generate, made deterministic so tests can name it: uids, the
// pod-template-hash, and the 5-character suffix of generated names (utilrand's alphabet, no vowels).

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789'

const digest = (text: string): Buffer => createHash('sha256').update(text).digest()

/** A version-4-shaped uid derived from what names the object. */
export function uidOf(kind: string, namespace: string | undefined, name: string): string {
  const hex = digest(`${kind}/${namespace ?? ''}/${name}`).toString('hex')
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)
  const [a, b, c, d, e] = [hex.slice(0, 8), hex.slice(8, 12), hex.slice(13, 16), hex.slice(17, 20), hex.slice(20, 32)]
  return `${a}-${b}-4${c}-${variant}${d}-${e}`
}

/** `length` characters of the safe alphabet derived from `seed`. */
export function safeString(seed: string, length: number): string {
  return [...digest(seed).subarray(0, length)].map((byte) => SAFE_ALPHABET[byte % SAFE_ALPHABET.length]).join('')
}

/** RFC 3339 in whole seconds, as the API server writes metav1.Time. */
export const timestampOf = (ms: number): string =>
  new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
