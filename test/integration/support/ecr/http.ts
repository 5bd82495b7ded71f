import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr'
import { request } from 'undici'
import type { EcrEmulator } from '../../../support/ecr'

// The real SDK for the control plane, plain undici for the data plane: the emulator is checked with neither the
// product's clients nor its own code.

export const KEY = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'ecr-emulator-secret' }

export function client(ecr: EcrEmulator, o: { credentials?: typeof KEY & { sessionToken?: string }; systemClockOffset?: number } = {}): ECRClient {
  return new ECRClient({
    region: ecr.region,
    endpoint: ecr.controlUrl,
    credentials: o.credentials ?? KEY,
    maxAttempts: 1,
    ...(o.systemClockOffset !== undefined ? { systemClockOffset: o.systemClockOffset } : {}),
  })
}

/** `{ user: 'AWS', password }` from GetAuthorizationToken. */
export async function registryLogin(ecr: EcrEmulator, sdk = client(ecr)): Promise<{ user: string; password: string }> {
  const out = await sdk.send(new GetAuthorizationTokenCommand({}))
  const decoded = Buffer.from(out.authorizationData![0]!.authorizationToken!, 'base64').toString('utf8')
  const [user, password] = [decoded.slice(0, decoded.indexOf(':')), decoded.slice(decoded.indexOf(':') + 1)]
  return { user, password }
}

export interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
}

export async function call(
  method: 'GET' | 'HEAD' | 'POST' | 'PUT',
  url: string,
  o: { auth?: { user: string; password: string }; headers?: Record<string, string>; body?: Buffer | string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...o.headers }
  if (o.auth) headers.authorization = `Basic ${Buffer.from(`${o.auth.user}:${o.auth.password}`).toString('base64')}`
  const res = await request(url, { method, headers, body: o.body ?? null })
  const text = await res.body.text()
  return { status: res.statusCode, headers: res.headers, text }
}

export function header(answer: Answer, name: string): string | undefined {
  const value = answer.headers[name]
  return Array.isArray(value) ? value[0] : value
}

export function errorCode(answer: Answer): string | undefined {
  return (JSON.parse(answer.text) as { errors?: Array<{ code: string }> }).errors?.[0]?.code
}

/** The SDK's error, for `expect(...).toMatchObject`. */
export async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string; $metadata: { httpStatusCode?: number; requestId?: string } }> {
  try {
    await promise
  } catch (error) {
    return error as never
  }
  throw new Error('expected the call to fail')
}
