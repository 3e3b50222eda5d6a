/** How a function is registered to be called back, and what calls it back: the answers handler registrations give. */

/**
 * What calls an event callback back: a file watcher, a socket or server, a repeating or one-off
 * timer, a scheduled job or queue processor, a process signal. In a CLI script it decides whether
 * the script is really a daemon that keeps serving these events.
 */
export type CallbackSource = "watch" | "socket" | "server" | "interval" | "timeout" | "job" | "signal";

/** How a function is registered to be called back. */
export interface HandlerRole {
  description: string;
  /** request: serves clients; event: other callbacks; lifecycle: runs as the process stops. */
  kind: "request" | "event" | "lifecycle";
  /** The event name for `emitter.on(event, fn)`; "connection" for `net.createServer(fn)`. */
  event?: string;
  /** What calls it back, where that is known. */
  source?: CallbackSource;
}

export function request(description: string): HandlerRole {
  return { kind: "request", description };
}

export function job(description: string): HandlerRole {
  return { kind: "event", source: "job", description };
}
