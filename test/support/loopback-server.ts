import type { Agent, Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** Listens on a free 127.0.0.1 port and resolves to `127.0.0.1:PORT`. */
export async function listenOnLoopback(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  return `127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** Closes a test server at once, keep-alive connections included, and the agent it forwards with. */
export async function closeServer(server: Server, agent?: Agent): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()))
  server.closeAllConnections()
  agent?.destroy()
  await closed
}
