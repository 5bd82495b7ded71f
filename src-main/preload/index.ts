import { contextBridge } from 'electron'

// The typed contract arrives with the desktop UI; until then the page learns only which shell hosts it.
contextBridge.exposeInMainWorld('crossdock', Object.freeze({ shell: 'electron' }))
