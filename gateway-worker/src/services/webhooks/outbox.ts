// Per invocation (admin request, queue batch, cron run): what caused the events written in it,
// and their ids, so they are dispatched right after the response without a query to find them.
export interface Outbox {
  /** `request:<admin request id>`, `job:<name>` or `system`, recorded on each event. */
  readonly cause: string;
  noteWritten(eventId: string): void;
  /** The ids noted since the last call. */
  drain(): string[];
}

export function createOutbox(cause: string): Outbox {
  let written: string[] = [];
  return {
    cause,
    noteWritten: (eventId) => {
      written.push(eventId);
    },
    drain: () => {
      const ids = written;
      written = [];
      return ids;
    },
  };
}
