import { once } from 'node:events'
import { createServer, type Server, type ServerResponse } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { Backend, JobDto } from '../../../src-main/contract'
import { streamEvents } from '../../../src-main/web/event-stream'

type Listener = Parameters<Backend['subscribe']>[0]

let server: Server | undefined
let client: Socket | undefined
afterEach(async () => {
  client?.destroy()
  server?.closeAllConnections()
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined))
})

/** A real HTTP server streaming whatever `publish` sends, as `crossdock ui` streams the backend's events. */
async function eventServer(maxBufferedBytes: number): Promise<{
  port: number
  publish(payload: unknown): void
  listeners: Set<Listener>
  response: Promise<ServerResponse>
}> {
  const listeners = new Set<Listener>()
  const subscribe: Backend['subscribe'] = (listener) => {
    listeners.add(listener)
    return () => listeners.delete(listener)
  }
  let opened!: (res: ServerResponse) => void
  const response = new Promise<ServerResponse>((resolve) => (opened = resolve))
  server = createServer((_req, res) => {
    streamEvents(res, subscribe, { maxBufferedBytes })
    opened(res)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const publish = (payload: unknown): void => {
    for (const listener of [...listeners]) listener('job', payload as JobDto)
  }
  return { port: (server.address() as AddressInfo).port, publish, listeners, response }
}

describe('event stream backpressure', () => {
  it('drops a client that stops reading instead of buffering its events without bound', async () => {
    const cap = 256 * 1024
    const { port, publish, listeners, response } = await eventServer(cap)
    client = connect(port, '127.0.0.1')
    client.write(`GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`)
    const res = await response
    // The client reads nothing more: the kernel's buffers fill, then the server's.
    client.pause()
    const event = { filler: 'x'.repeat(16 * 1024) }
    let mostBuffered = 0
    for (let sent = 0; sent < 2_000 && !res.destroyed; sent += 1) {
      publish(event)
      mostBuffered = Math.max(mostBuffered, res.writableLength)
      // Let the socket flush what the kernel takes.
      if (sent % 50 === 0) await new Promise((resolve) => setImmediate(resolve))
    }
    expect(res.destroyed).toBe(true)
    expect(mostBuffered).toBeLessThanOrEqual(cap + 32 * 1024)
    await once(res, 'close')
    expect(listeners.size).toBe(0)
  })

  it('keeps a client that reads, however many events it gets', async () => {
    const { port, publish, response } = await eventServer(64 * 1024)
    client = connect(port, '127.0.0.1')
    client.write(`GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`)
    let received = ''
    client.on('data', (chunk: Buffer) => (received += chunk.toString()))
    const res = await response
    for (let sent = 0; sent < 200; sent += 1) {
      publish({ n: sent, filler: 'y'.repeat(4 * 1024) })
      // Paced as a running job's events are, so a reading client keeps up.
      if (res.writableNeedDrain) await once(res, 'drain')
    }
    publish({ n: 'last' })
    for (let waited = 0; !received.includes('"n":"last"') && waited < 5_000; waited += 10)
      await new Promise((resolve) => setTimeout(resolve, 10))
    expect(res.destroyed).toBe(false)
    expect(received.match(/^event: job$/gm)).toHaveLength(201)
  })
})
