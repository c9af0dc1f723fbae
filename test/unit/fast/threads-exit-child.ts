/** Child of threads.test.ts: trains a threaded model, never disposes it, and returns; the process must exit. */
import { createFastModel } from '../../../src/trainer/fast';
import { batchOrders, dense, glorotWeights, makeData, makeSpec } from './helpers';

async function main(): Promise<void> {
  const spec = makeSpec({ layers: [dense(48, 'relu'), dense(1, 'sigmoid')], batchSize: 64 });
  const data = makeData('binary', 400, 12);
  const model = await createFastModel(spec, data, glorotWeights(spec, data.features), { kernels: 'wasm', threads: 2, minThreadWork: 1 });
  await model.trainEpoch(batchOrders(data.trainRows, 1)[0], () => false);
  console.log(`trained on ${model.threads} threads`);
}

void main();
