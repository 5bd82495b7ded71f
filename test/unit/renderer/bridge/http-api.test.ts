import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { EventSource } from 'undici'
import { afterEach, describe, expect, it } from 'vitest'
import type { JobDto } from '../../../../src-main/contract'
import { ApiError } from '../../../../src-renderer/bridge/api-error'
import { createCrossdockClient } from '../../../../src-renderer/bridge/crossdock-client'
import { createHttpApi } from '../../../../src-renderer/bridge/http-api'
import { job } from '../support/fixtures'

interface Recorded {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

let server: Server | undefined

afterEach(async () => {
  server?.closeAllConnections()
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined))
  server = undefined
})

/** A real loopback server: `handler` answers, every request is recorded. */
async function serve(
  handler: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<{ baseUrl: string; requests: Recorded[] }> {
  const requests: Recorded[] = []
  server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (body += chunk))
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
      handler(req, res, body)
    })
  })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  return { baseUrl: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, requests }
}

function waitFor<T>(check: () => T | undefined, timeoutMs = 5_000): Promise<T> {
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const poll = (): void => {
      const value = check()
      if (value !== undefined) {
        resolve(value)
        return
      }
      if (Date.now() - started > timeoutMs) {
        reject(new Error('timed out'))
        return
      }
      setTimeout(poll, 5)
    }
    poll()
  })
}

describe('HTTP bridge: calls', () => {
  it(
    'POSTs the arguments as JSON to /api/call/<name>, no token of its own (the session cookie signs it in), and ' +
      'resolves the envelope value',
    async () => {
      const { baseUrl, requests } = await serve((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ ok: true, value: { removed: 'work' } }))
      })
      const client = createCrossdockClient(createHttpApi({ baseUrl }))

      await expect(client.call('accounts.removeHub', { name: 'work' })).resolves.toEqual({ removed: 'work' })

      expect(requests).toHaveLength(1)
      const [request] = requests
      expect(request!.method).toBe('POST')
      expect(request!.url).toBe('/api/call/accounts.removeHub')
      expect(request!.headers['x-crossdock-token']).toBeUndefined()
      expect(request!.headers['content-type']).toBe('application/json')
      expect(JSON.parse(request!.body)).toEqual({ name: 'work' })
    },
  )

  it('throws the envelope error as an ApiError with its code, message and retryable flag', async () => {
    const { baseUrl } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify({
          ok: false,
          error: { code: 'AUTH_FAILED', message: 'Docker Hub refused the token.', retryable: false },
        }),
      )
    })
    const client = createCrossdockClient(createHttpApi({ baseUrl }))

    const error = await client
      .call('accounts.addHub', { name: 'x', username: 'u', token: 'secret' })
      .catch((caught: unknown) => caught)

    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ code: 'AUTH_FAILED', message: 'Docker Hub refused the token.', retryable: false })
  })

  it('turns a non-200 status into a TRANSPORT error that says what the server said', async () => {
    const { baseUrl } = await serve((_req, res) => {
      res.writeHead(401, { 'content-type': 'text/plain' })
      res.end('Not signed in to this crossdock ui: open the URL it printed')
    })
    const api = createHttpApi({ baseUrl })

    const envelope = await api['jobs.list']({})

    expect(envelope.ok).toBe(false)
    if (envelope.ok) return
    expect(envelope.error.code).toBe('TRANSPORT')
    expect(envelope.error.message).toContain('401')
    expect(envelope.error.message).toContain('Not signed in')
    expect(envelope.error.retryable).toBe(false)
  })

  it('answers a refused connection with a retryable TRANSPORT error instead of throwing', async () => {
    const { baseUrl } = await serve(() => undefined)
    server!.close()
    server!.closeAllConnections()
    const client = createCrossdockClient(createHttpApi({ baseUrl }))

    await expect(client.call('app.info', {})).rejects.toMatchObject({ code: 'TRANSPORT', retryable: true })
  })

  it('is never mistaken for a promise (no `then` property)', async () => {
    const api = createHttpApi({ baseUrl: 'http://127.0.0.1:9' })
    expect((api as unknown as Record<string, unknown>).then).toBeUndefined()
    await expect(Promise.resolve(api)).resolves.toBe(api)
  })
})

describe('HTTP bridge: events', () => {
  it('reads server-sent job events with an EventSource, across chunk boundaries and CRLF line ends', async () => {
    const first = job({ id: '20261127-101500-aaaa', state: 'running' })
    // A multi-byte character split between chunks must survive decoding.
    const second = job({
      id: '20261127-101500-bbbb',
      state: 'failed',
      tags: [
        {
          source: 'docker.io/acme/wéb:1',
          destination: 'ecr/acme/wéb:1',
          outcome: 'failed',
          error: { code: 'X', message: 'naïve' },
        },
      ],
    })
    const stream = Buffer.from(
      `: connected\r\n\r\nevent: job\r\ndata: ${JSON.stringify(first)}\r\n\r\nevent: job\ndata: ` +
        `${JSON.stringify(second)}\n\n`,
    )
    const cuts = [3, 17, 40, stream.indexOf(Buffer.from('é')) + 1, stream.length - 1]
    const { baseUrl, requests } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      let start = 0
      const writeNext = (index: number): void => {
        const end = cuts[index] ?? stream.length
        res.write(stream.subarray(start, end))
        start = end
        if (end < stream.length) setTimeout(() => writeNext(index + 1), 10)
      }
      writeNext(0)
    })
    const api = createHttpApi({ baseUrl, EventSource })
    const received: JobDto[] = []

    const unsubscribe = api.subscribe((event, payload) => {
      if (event === 'job') received.push(payload)
    })
    await waitFor(() => (received.length === 2 ? true : undefined))
    unsubscribe()

    expect(received).toEqual([first, second])
    expect(requests[0]!.url).toBe('/api/events')
    expect(requests[0]!.method).toBe('GET')
    expect(requests[0]!.headers.accept).toBe('text/event-stream')
  })

  it('reconnects after the stream drops and keeps delivering to the same listener', async () => {
    let connections = 0
    const { baseUrl } = await serve((_req, res) => {
      connections += 1
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      // `retry:` shortens the EventSource's own wait before it reconnects.
      res.end(`retry: 5\nevent: job\ndata: ${JSON.stringify(job({ runs: connections }))}\n\n`)
    })
    const api = createHttpApi({ baseUrl, EventSource })
    const runs: number[] = []

    const unsubscribe = api.subscribe((event, payload) => {
      if (event === 'job') runs.push(payload.runs)
    })
    await waitFor(() => (runs.length >= 3 ? true : undefined))
    unsubscribe()

    expect(runs.slice(0, 3)).toEqual([1, 2, 3])
  })

  it('reopens a refused stream after a wait, and stops reading once the last listener leaves', async () => {
    const arrivals: number[] = []
    let open: ServerResponse | undefined
    const { baseUrl } = await serve((_req, res) => {
      arrivals.push(Date.now())
      if (arrivals.length === 1) {
        res.writeHead(503)
        res.end()
        return
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write(': hello\n\n')
      open = res
    })
    const api = createHttpApi({ baseUrl, EventSource, reconnectDelaysMs: [80] })

    const unsubscribe = api.subscribe(() => undefined)
    const stream = await waitFor(() => open)
    const closed = new Promise((resolve) => stream.on('close', resolve))
    unsubscribe()
    await closed

    expect(arrivals).toHaveLength(2)
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(70)
  })
})
