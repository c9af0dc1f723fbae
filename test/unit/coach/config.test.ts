import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_COACH_CONFIG, resolveCoachConfig } from '../../../src/coach/config';
import { FitwatchError } from '../../../src/shared/location';

test('defaults resolve unchanged and overrides apply', () => {
  assert.deepEqual(resolveCoachConfig(), { ...DEFAULT_COACH_CONFIG });
  assert.equal(resolveCoachConfig({ plateauWindow: 30 }).plateauWindow, 30);
});

test('bad settings are refused with the field, the value and what to do', () => {
  const cases: [Record<string, number>, RegExp][] = [
    [{ plateauWindow: -1 }, /"plateauWindow" is -1.*non-negative integer/],
    [{ plateauWindow: 2.5 }, /"plateauWindow" is 2\.5/],
    [{ smoothing: 1 }, /"smoothing" is 1.*\[0, 1\)/],
    [{ plateauEnter: 0.05, plateauExit: 0.02 }, /"plateauEnter" \(0\.05\) is above "plateauExit" \(0\.02\)/],
    [{ oscillationWindow: 2 }, /windows are too short/],
    [{ divergenceJump: Number.NaN }, /"divergenceJump" is NaN/],
  ];
  for (const [partial, message] of cases) {
    assert.throws(
      () => resolveCoachConfig(partial),
      (e: unknown) => e instanceof FitwatchError && message.test(e.message),
      JSON.stringify(partial),
    );
  }
  assert.throws(() => resolveCoachConfig({ nope: 1 } as unknown as Partial<typeof DEFAULT_COACH_CONFIG>), /Unknown coach setting "nope"/);
});
