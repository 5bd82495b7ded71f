/**
 * What the UI's page may load, wherever it is served: the built page carries it in a meta tag (injected by
 * electron.vite.config.ts), and the Electron shell and `crossdock ui` send it as a header.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'none'"

/** For a page a browser may open beside other sites (`crossdock ui`): no one may frame it. Only a header can say so. */
export const UNFRAMED_CONTENT_SECURITY_POLICY = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`
