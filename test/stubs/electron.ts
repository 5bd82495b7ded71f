// Stands in for the `electron` module under Vitest: importing the real one would try to download its binary.
export const app = {
  getPath: (): string => '/tmp',
  getVersion: (): string => '0.0.0-test',
  on: (): void => undefined,
}
export const contextBridge = { exposeInMainWorld: (): void => undefined }
export const shell = { openExternal: async (): Promise<void> => undefined }
