/** The CLI's exit codes, shared by `--help` and the code that exits with them. */
export const EXIT = {
  /** Training ran: completed, early-stopped, or stopped by the trainer itself. */
  done: 0,
  /** Training ran but failed (the loss diverged to NaN/Inf, or the run failed mid-way, e.g. the trainer was killed). */
  trainingFailed: 1,
  /** Bad input: the spec, the data file, or the command line. */
  badInput: 2,
  /** A bug or crash inside Fitwatch. */
  internal: 3,
  /** Interrupted with Ctrl-C (the run was stopped and saved, or killed on a second Ctrl-C). */
  interrupted: 130,
} as const;
