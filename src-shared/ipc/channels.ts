// Electron IPC channel names: one for requests (invoke/handle), one for events (send/on).
export const REQUEST_CHANNEL = 'vmlab:request'
export const EVENT_CHANNEL = 'vmlab:event'
