import { CodeBuildClient } from '@aws-sdk/client-codebuild'
import { ECSClient } from '@aws-sdk/client-ecs'
import type { EcsEmulator } from './index'

/** The key the emulator accepts by default. */
export const KEY = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'ecs-emulator-secret' }

interface ClientOptions {
  credentials?: typeof KEY & { sessionToken?: string }
  region?: string
  systemClockOffset?: number
}

const config = (emulator: EcsEmulator, endpoint: string, o: ClientOptions) => ({
  region: o.region ?? emulator.region,
  endpoint,
  credentials: o.credentials ?? KEY,
  maxAttempts: 1,
  ...(o.systemClockOffset !== undefined ? { systemClockOffset: o.systemClockOffset } : {}),
})

/** A real ECSClient pointed at the emulator, without retries. */
export const ecsClient = (emulator: EcsEmulator, o: ClientOptions = {}): ECSClient =>
  new ECSClient(config(emulator, emulator.ecsUrl, o))

/** A real CodeBuildClient pointed at the emulator, without retries. */
export const codebuildClient = (emulator: EcsEmulator, o: ClientOptions = {}): CodeBuildClient =>
  new CodeBuildClient(config(emulator, emulator.codebuildUrl, o))
