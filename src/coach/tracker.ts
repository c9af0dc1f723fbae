/**
 * Hysteresis: one finding per regime. A finding opens when a rule's entry condition holds,
 * is updated (end epoch, evidence, message) while it lasts, and closes only on the exit
 * condition, which rules set on the far side of the entry threshold. Trend rules also ask for
 * persistence: the condition must hold for a few observations in a row, so one noisy epoch
 * neither opens nor closes a finding.
 */
import type { FindingCode } from '../shared/findings';
import type { Observation } from './observation';

/** An open regime: the latest observation plus where it began. */
export interface Regime {
  start: number;
  end: number;
  /** Epoch the regime opened at (its `start` may be earlier, e.g. a plateau window). */
  openedAt: number;
  latest: Observation;
}

/** Keeps the open regimes, keyed by finding code. */
export class RegimeTracker {
  private readonly open = new Map<FindingCode, Regime>();
  /** Consecutive observations whose condition would flip the code's state, and where the streak began. */
  private readonly streaks = new Map<FindingCode, { count: number; since: number }>();
  /** Count of open/close transitions per code, so tests and logs can see flapping. */
  readonly transitions = new Map<FindingCode, number>();

  /** Feeds one observation; returns true when the set of open findings changed. */
  observe(obs: Observation): boolean {
    const current = this.open.get(obs.code);
    const flip = current ? obs.exit : obs.enter;
    const persist = Math.max(1, obs.persist ?? 1);
    let streak = this.streaks.get(obs.code);
    if (!flip) {
      this.streaks.delete(obs.code);
    } else {
      streak = streak ? { count: streak.count + 1, since: streak.since } : { count: 1, since: Math.min(obs.since ?? obs.epoch, obs.epoch) };
      this.streaks.set(obs.code, streak);
    }
    if (!current) {
      if (!streak || !flip || streak.count < persist) return false;
      this.streaks.delete(obs.code);
      this.open.set(obs.code, { start: streak.since, end: obs.epoch, openedAt: obs.epoch, latest: obs });
      this.bump(obs.code);
      return true;
    }
    if (flip && streak && streak.count >= persist) {
      this.streaks.delete(obs.code);
      this.open.delete(obs.code);
      this.bump(obs.code);
      return true;
    }
    current.end = Math.max(current.end, obs.epoch);
    current.latest = obs;
    return false;
  }

  /** Closes a regime without an observation (e.g. a mutually exclusive one took over). */
  close(code: FindingCode): void {
    this.streaks.delete(code);
    if (this.open.delete(code)) this.bump(code);
  }

  /** Whether a finding with this code is open. */
  isOpen(code: FindingCode): boolean {
    return this.open.has(code);
  }

  /** The open regime of a code, if any. */
  get(code: FindingCode): Regime | undefined {
    return this.open.get(code);
  }

  /** The open regimes, in the order they opened. */
  regimes(): [FindingCode, Regime][] {
    return [...this.open.entries()];
  }

  private bump(code: FindingCode): void {
    this.transitions.set(code, (this.transitions.get(code) ?? 0) + 1);
  }
}
