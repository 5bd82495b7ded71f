import { randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { chunks } from '../../../../src-main/core/migration/blob-copier'

async function collect(inputSizes: number[], size: number): Promise<{ input: Buffer; output: Buffer[] }> {
  const input = randomBytes(inputSizes.reduce((a, b) => a + b, 0))
  const parts: Buffer[] = []
  let at = 0
  for (const n of inputSizes) {
    parts.push(input.subarray(at, at + n))
    at += n
  }
  const output: Buffer[] = []
  for await (const chunk of chunks(Readable.from(parts), size)) output.push(Buffer.from(chunk))
  return { input, output }
}

describe('chunks', () => {
  it.each<[string, number[], number, number[]]>([
    ['uneven small pieces into exact chunks', [3, 7, 1, 10, 4], 5, [5, 5, 5, 5, 5]],
    ['a last partial chunk', [3, 7, 1, 10, 2], 5, [5, 5, 5, 5, 3]],
    ['one big piece split in many', [17], 5, [5, 5, 5, 2]],
    ['pieces larger than the chunk size and straddling boundaries', [12, 9, 14], 10, [10, 10, 10, 5]],
    ['pieces exactly the chunk size', [4, 4, 4], 4, [4, 4, 4]],
    ['a stream shorter than one chunk', [2, 1], 10, [3]],
    ['exactly one chunk from several pieces', [6, 4], 10, [10]],
    ['empty pieces in between', [0, 3, 0, 0, 5, 0], 4, [4, 4]],
    ['a chunk size of one', [3, 2], 1, [1, 1, 1, 1, 1]],
    ['an empty stream', [], 5, []],
    ['a stream of empty pieces only', [0, 0], 5, []],
  ])('%s: %j by %i → %j', async (_name, inputSizes, size, expected) => {
    const { input, output } = await collect(inputSizes, size)
    expect(output.map((chunk) => chunk.length)).toEqual(expected)
    expect(Buffer.concat(output).equals(input)).toBe(true)
  })

  it('re-slices a realistic stream (64 KiB reads into 5 MiB chunks)', async () => {
    const read = 64 * 1024
    const size = 5 * 1024 * 1024
    const { input, output } = await collect(
      Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? read - 1 : read)),
      size,
    )
    // 200 reads, 67 of them one byte short: 13 107 133 bytes = two full chunks and a partial one.
    expect(input.length).toBe(200 * read - 67)
    expect(output.map((chunk) => chunk.length)).toEqual([size, size, input.length - 2 * size])
    expect(Buffer.concat(output).equals(input)).toBe(true)
  })

  it('yields a chunk before reading the rest of the stream', async () => {
    let pulled = 0
    async function* source(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 100; i++) {
        pulled++
        yield Buffer.alloc(10)
      }
    }
    const iterator = chunks(Readable.from(source()), 20)
    const first = await iterator.next()
    expect(first.value).toHaveLength(20)
    expect(pulled).toBeLessThan(100)
    await iterator.return(undefined)
  })
})
