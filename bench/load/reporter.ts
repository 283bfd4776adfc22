/** How a load job talks back to the orchestrator while it runs. */
export interface Reporter {
  /** The measured window starts or ends now (the orchestrator samples the proxy's CPU here). */
  mark(name: 'start' | 'end'): void;
  /** Connections are open and idle; resolves when the orchestrator has taken its measurement. */
  hold(open: number): Promise<void>;
}

/** A reporter for in-process use (tests): marks are recorded, holds resolve at once. */
export function recordingReporter(): Reporter & { marks: string[]; holds: number[] } {
  const marks: string[] = [];
  const holds: number[] = [];
  return {
    marks,
    holds,
    mark: (name) => marks.push(name),
    hold: async (open) => {
      holds.push(open);
    },
  };
}
