import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr'
import type { EcrEmulator } from './index'

export const KEY = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'ecr-emulator-secret' }

export function client(
  ecr: EcrEmulator,
  o: { credentials?: typeof KEY & { sessionToken?: string }; systemClockOffset?: number } = {},
): ECRClient {
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
