/**
 * What a Train request does given trust and what is already running. Pure, so the rules
 * (untrusted → refuse, same spec live → ask, explicit choice wins) are tested in Node.
 */

/** How a caller wants a second Train on a live spec handled; `ask` shows a modal prompt. */
export type IfRunning = 'ask' | 'restart' | 'keep' | 'parallel';

/** The outcome of a Train request before any process is touched. */
export type TrainDecision =
  | { action: 'refuse'; reason: string }
  | { action: 'start' }
  | { action: 'askRestart'; prompt: string; restart: string; keep: string }
  | { action: 'restart' }
  | { action: 'keep' };

/** The inputs of the decision. */
export interface TrainRequest {
  trusted: boolean;
  /** Display name of the spec, for the prompt. */
  specName: string;
  /** Whether a run of this same spec is live, and how far it is. */
  running?: { epoch: number; totalEpochs: number };
  ifRunning?: IfRunning;
}

/** Why training is refused in an untrusted workspace, in the words the user sees. */
export const UNTRUSTED_REASON =
  'Fitwatch does not train in an untrusted workspace: a run reads workspace data and writes .fitwatch/runs. Trust the workspace to train; curves of existing runs still open.';

/** Decides what a Train request does. */
export function decideTrain(req: TrainRequest): TrainDecision {
  if (!req.trusted) return { action: 'refuse', reason: UNTRUSTED_REASON };
  if (!req.running) return { action: 'start' };
  switch (req.ifRunning ?? 'ask') {
    case 'restart':
      return { action: 'restart' };
    case 'keep':
      return { action: 'keep' };
    case 'parallel':
      return { action: 'start' };
    case 'ask': {
      const where = req.running.epoch > 0 ? ` (epoch ${req.running.epoch}/${req.running.totalEpochs})` : '';
      return {
        action: 'askRestart',
        prompt: `${req.specName} is already training${where}. Stop it and start a new run? The partial run stays in .fitwatch/runs.`,
        restart: 'Restart',
        keep: 'Keep Running',
      };
    }
  }
}
