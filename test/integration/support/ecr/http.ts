import { request } from 'undici'

// The real SDK for the control plane, plain undici for the data plane: the emulator is checked with neither the
// product's clients nor its own code.

export { KEY, client, registryLogin } from '../../../support/ecr/sdk'

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
export async function failure(
  promise: Promise<unknown>,
): Promise<{ name: string; message: string; $metadata: { httpStatusCode?: number; requestId?: string } }> {
  try {
    await promise
  } catch (error) {
    return error as never
  }
  throw new Error('expected the call to fail')
}
