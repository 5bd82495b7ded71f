import { request } from 'undici'
import type { DockerHubEmulator } from '../../../support/dockerhub'

// Plain undici on purpose: the emulator must not be checked with the product's own clients.

export interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
  text: string
}

export interface CallOptions {
  bearer?: string
  basic?: [string, string]
  headers?: Record<string, string>
  json?: unknown
}

export async function call(method: 'GET' | 'HEAD' | 'POST' | 'PUT', url: string, o: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...o.headers }
  if (o.bearer) headers.authorization = `Bearer ${o.bearer}`
  if (o.basic) headers.authorization = `Basic ${Buffer.from(o.basic.join(':')).toString('base64')}`
  let body: string | null = null
  if (o.json !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(o.json)
  }
  const res = await request(url, { method, headers, body })
  const bytes = Buffer.from(await res.body.arrayBuffer())
  return { status: res.statusCode, headers: res.headers, body: bytes, text: bytes.toString('utf8') }
}

export function header(answer: Answer, name: string): string | undefined {
  const value = answer.headers[name]
  return Array.isArray(value) ? value[0] : value
}

export function json<T = Record<string, unknown>>(answer: Answer): T {
  return JSON.parse(answer.text) as T
}

/** A Hub API access token via the current sign-in endpoint. */
export async function hubToken(hub: DockerHubEmulator, identifier: string, secret: string): Promise<string> {
  const answer = await call('POST', `${hub.hubUrl}/v2/auth/token`, { json: { identifier, secret } })
  if (answer.status !== 200) throw new Error(`sign-in as ${identifier}: ${answer.status} ${answer.text}`)
  return json<{ access_token: string }>(answer).access_token
}

/** A registry token for pulling `repository`, anonymous unless `basic` is given. */
export async function registryToken(
  hub: DockerHubEmulator,
  repository: string,
  o: { basic?: [string, string]; headers?: Record<string, string> } = {},
): Promise<string> {
  const url = `${hub.authUrl}/token?service=${hub.service}&scope=repository:${repository}:pull`
  const answer = await call('GET', url, o)
  if (answer.status !== 200) throw new Error(`token for ${repository}: ${answer.status} ${answer.text}`)
  return json<{ token: string }>(answer).token
}

export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ')

/** The claims of a JWT, unverified (tests only look). */
export function jwtClaims(token: string): Record<string, unknown> {
  const parts = token.split('.')
  if (parts.length !== 3) throw new Error(`not a JWT: ${token}`)
  return JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<string, unknown>
}
