import setup from '../global-setup'

/** The browser tests drive the built UI through the built CLI's `crossdock ui`: build once, as Vitest does. */
export default function globalSetup(): void {
  setup()
}
