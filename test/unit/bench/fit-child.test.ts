import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FIT_CHILD_FLAG, runFitChild } from '../../../tools/bench/fit-child';

test('the model.fit child rejects a bad backend or epoch count before loading tfjs', async () => {
  await assert.rejects(runFitChild(['webgl', '3']), new RegExp(`${FIT_CHILD_FLAG} needs <wasm\\|cpu\\|tensorflow> <epochs>, got webgl 3`));
  await assert.rejects(runFitChild(['wasm', '0']), /got wasm 0/);
  await assert.rejects(runFitChild(['wasm']), /got wasm$/);
});
