/**
 * `items` through `work`, at most `concurrency` at a time, results in order. A few workers walk the list, so a
 * run of 50,000 items holds `concurrency` pending tasks, not 50,000 queued closures and promises.
 */
export async function mapLimited<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i]!)
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker))
  return results
}
