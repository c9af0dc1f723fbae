/**
 * The fast engine at 1 and 2 threads against PyTorch at 1 and 2 threads on 50,000 × 64 → h → h → 1
 * (batch 200), for the widths threads are for (128, 256, 512). Rounds alternate the four so a
 * shared machine's load falls on all of them alike; each round records the 1-minute load average.
 * Run: `node dist/bench.js`-free: `npx tsx tools/bench/threads-ab.ts [--rounds N] [--widths 128,512] [--out FILE]`.
 */
import { loadavg } from 'node:os';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { benchmarkFastEngine } from './fast-benchmark';
import { runReference } from './python-reference';

const ROWS = 50_000;

/** One engine's epochs in one round. */
interface Cell {
  width: number;
  engine: string;
  round: number;
  msPerEpochMedian: number;
  msPerEpochMin: number;
  load1: number;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const rounds = Number(opt('--rounds') ?? 2);
  const widths = (opt('--widths') ?? '128,256,512').split(',').map(Number);
  const out = opt('--out');
  const repoRoot = resolve(__dirname, '..', '..');
  const cells: Cell[] = [];
  const log = (c: Cell): void => {
    cells.push(c);
    console.log(
      `${String(c.width).padStart(4)} wide  round ${c.round}  ${c.engine.padEnd(9)} median ${c.msPerEpochMedian.toFixed(1).padStart(8)} ms/epoch  min ${c.msPerEpochMin.toFixed(1).padStart(8)}  load ${c.load1.toFixed(2)}`,
    );
  };
  for (const width of widths) {
    const hidden = [width, width];
    const epochs = width >= 512 ? 3 : width >= 256 ? 4 : 6;
    for (let round = 0; round < rounds; round++) {
      for (const threads of [1, 2]) {
        const r = await benchmarkFastEngine({ rows: ROWS, hidden, epochs: 1 + epochs, kernels: 'auto', threads });
        log({ width, engine: `fast×${r.threads}`, round, msPerEpochMedian: r.medianMsPerEpoch, msPerEpochMin: r.minMsPerEpoch, load1: loadavg()[0] });
        const t = runReference(repoRoot, 'torch', { epochs: 1 + epochs, hidden, rows: ROWS, threads });
        if (t.ok)
          log({
            width,
            engine: `torch×${threads}`,
            round,
            msPerEpochMedian: t.result.msPerEpochMedian,
            msPerEpochMin: t.result.msPerEpochMin,
            load1: loadavg()[0],
          });
        else console.log(`torch×${threads}: ${t.skipped}`);
      }
    }
  }
  if (out) writeFileSync(out, JSON.stringify({ rows: ROWS, cells }, null, 2));
}

void main();
