/**
 * `work` on every item, at most `concurrency` at a time, in the items' order of starting. A few workers share
 * one iterator, so a run of 50,000 items holds `concurrency` pending tasks and never the items or results
 * of the others: an iterable that makes each item when it is reached keeps the whole walk flat in memory.
 */
export async function eachLimited<T>(
  items: Iterable<T>,
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const iterator = items[Symbol.iterator]()
  const worker = async (): Promise<void> => {
    for (let next = iterator.next(); !next.done; next = iterator.next()) await work(next.value)
  }
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker))
}
