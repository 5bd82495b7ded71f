export interface ServerSentEvent {
  event: string
  data: string
}

/**
 * Incremental `text/event-stream` parser: feed it decoded text in whatever chunks the network gives, and it
 * calls back once per complete event (a blank line ends one). Comments, `id:` and `retry:` are ignored.
 */
export function createSseParser(onEvent: (event: ServerSentEvent) => void): { push(text: string): void } {
  let buffer = ''
  let eventName = ''
  let data: string[] = []

  const line = (text: string): void => {
    if (text === '') {
      if (data.length > 0) onEvent({ event: eventName || 'message', data: data.join('\n') })
      eventName = ''
      data = []
      return
    }
    if (text.startsWith(':')) return
    const colon = text.indexOf(':')
    const field = colon === -1 ? text : text.slice(0, colon)
    let value = colon === -1 ? '' : text.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'event') eventName = value
    else if (field === 'data') data.push(value)
  }

  return {
    push(text: string): void {
      buffer += text
      // A chunk may end between "\r" and "\n": keep a trailing "\r" until the next chunk says which it was.
      for (;;) {
        const match = /\r\n|\r|\n/.exec(buffer)
        if (!match) return
        if (match[0] === '\r' && match.index === buffer.length - 1) return
        line(buffer.slice(0, match.index))
        buffer = buffer.slice(match.index + match[0].length)
      }
    },
  }
}
