// Vite inlines the one field: the version is package.json's, in the built CLI as in the source.
export { version as CROSSDOCK_VERSION } from '../../package.json'
