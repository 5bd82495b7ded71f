/** The desktop views (accounts, compare, migrate) come with the desktop UI; this page proves the build. */
export function App() {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: '2rem' }}>
      <h1>Crossdock</h1>
      <p>Docker Hub to Amazon ECR, digest for digest. Use the crossdock command line for copies today.</p>
    </main>
  )
}
