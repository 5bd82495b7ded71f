/** Everything a stream holds until it ends (a secret piped to the CLI, say). */
export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = ''
  for await (const chunk of stream) text += chunk.toString()
  return text
}
