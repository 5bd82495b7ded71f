// Bounded concurrency for the rig's many small jobs (requests, layers).

/** Runs `work` over `items`, `jobs` at a time; throws one error listing every failure. */
export async function pool<T>(jobs: number, items: T[], what: string, work: (item: T) => Promise<void>): Promise<void> {
  const errors: string[] = []
  let next = 0
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) {
      await work(items[i]!).catch((err: unknown) =>
        errors.push(`${what} ${String(items[i])}: ${err instanceof Error ? err.message : String(err)}`),
      )
    }
  }
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, worker))
  if (errors.length) throw new Error(`${errors.length} ${what} errors:\n${errors.slice(0, 20).join('\n')}`)
}
