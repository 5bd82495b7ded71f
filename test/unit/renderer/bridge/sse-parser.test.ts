import { describe, expect, it } from 'vitest'
import { createSseParser, type ServerSentEvent } from '../../../../src-renderer/bridge/sse-parser'

function parse(chunks: string[]): ServerSentEvent[] {
  const events: ServerSentEvent[] = []
  const parser = createSseParser((event) => events.push(event))
  for (const chunk of chunks) parser.push(chunk)
  return events
}

describe('server-sent event parser', () => {
  it('joins multi-line data, defaults the event name to "message" and skips comments', () => {
    expect(parse([': keep-alive\n\n', 'data: a\ndata: b\n\n', 'event: job\nid: 7\nretry: 10\ndata:{"x":1}\n\n'])).toEqual([
      { event: 'message', data: 'a\nb' },
      { event: 'job', data: '{"x":1}' },
    ])
  })

  it('waits for the blank line, whatever the chunking, including a CR and LF split between chunks', () => {
    expect(parse(['event: jo', 'b\r', '\ndata: {"id"', ':1}\r', '\n', '\r\n'])).toEqual([{ event: 'job', data: '{"id":1}' }])
    expect(parse(['event: job\ndata: 1\n'])).toEqual([])
  })

  it('treats a lone CR as a line end', () => {
    expect(parse(['event: job\rdata: 2\r\rx'])).toEqual([{ event: 'job', data: '2' }])
  })
})
