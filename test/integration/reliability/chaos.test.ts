/**
 * Chaos: 20 rounds of kill -9 at a random epoch, of the CLI or of its trainer. After each kill
 * the run folder must read back (no torn metrics row), say a true final status (never a stale
 * `running`), and hold a resumable checkpoint; in every fourth round `fitwatch train --resume`
 * finishes the run with exactly the metrics of a run that was never interrupted (same seed:
 * bit for bit). Process start-up dominates the wall time, hence not a resume in every round.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readCheckpoint } from '../../../src/runs/checkpoint';
import { withLiveness } from '../../../src/runs/liveness';
import { readRun } from '../../../src/runs/read';
import { RUN_FILES } from '../../../src/shared/run';
import { runTemporaries } from '../../../src/trainer/run-writer';
import { makeWorkspace, specText, writeSpec } from '../trainer/workspace';
import { childPids, msUntilGone, onlyRunDir, randomInt, REPO, spawnCli } from './processes';

before(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, env: { ...process.env, FITWATCH_BUILD_ONLY: 'cli,trainer' }, stdio: 'inherit' });
});

const ROUNDS = 20;
/** Rounds that also resume (the others check the checkpoint decodes and matches the folder). */
const RESUME_EVERY = 4;
/**
 * An epoch of 1500 rows takes about 0.1 ms on the fast engine, and the CLI's stdout lags the
 * trainer: a kill is aimed at the first fifth of a long run so that it lands mid-run.
 */
const EPOCHS = 5000;
const SPEC = specText({
  epochs: EPOCHS,
  seed: 7,
  extra:
    '"callbacks": { "reduceLROnPlateau": { "monitor": "val_loss", "factor": 0.5, "patience": 3, "cooldown": 2 }, "earlyStopping": { "monitor": "val_loss", "patience": 100000, "restoreBestWeights": true } }',
});

/** Checks that every line of metrics.csv is whole: a header, then rows with as many cells, each a number. */
function assertNoTornRow(dir: string, round: number): number {
  const text = readFileSync(join(dir, RUN_FILES.metrics), 'utf8');
  assert.ok(text.endsWith('\n'), `round ${round}: metrics.csv ends mid-row`);
  const [header, ...rows] = text.trimEnd().split('\n');
  const cells = header.split(',').length;
  rows.forEach((r, i) => {
    const parts = r.split(',');
    assert.equal(parts.length, cells, `round ${round}: row ${i} has ${parts.length} cells`);
    assert.equal(Number(parts[0]), i, `round ${round}: row ${i} is epoch ${parts[0]}`);
    assert.ok(
      parts.every((p) => p !== '' && !Number.isNaN(Number(p))),
      `round ${round}: row ${i} "${r}"`,
    );
  });
  return rows.length;
}

test(`chaos: ${ROUNDS} rounds of kill -9 (CLI or trainer) at a random epoch; every run reads, tells the truth, and resumes to the uninterrupted metrics`, async (t) => {
  const reference = makeWorkspace({ rows: 1500 });
  writeSpec(reference, 'c.fitwatch.json', SPEC);
  const ref = spawnCli(['train', 'c.fitwatch.json'], reference);
  assert.equal((await ref.exited).code, 0, ref.stderr());
  const refMetrics = readFileSync(join(onlyRunDir(reference), RUN_FILES.metrics), 'utf8');
  const t0 = performance.now();
  const tally = { cli: 0, trainer: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    const root = makeWorkspace({ rows: 1500 });
    writeSpec(root, 'c.fitwatch.json', SPEC);
    const run = spawnCli(['train', 'c.fitwatch.json'], root);
    const at = randomInt(1, EPOCHS / 5);
    await run.waitForLine((l) => l.type === 'epoch' && Number(l.epoch) >= at);
    const cliPid = run.child.pid as number;
    const [trainerPid] = childPids(cliPid);
    assert.ok(trainerPid, `round ${round}: trainer found`);
    // Alternates, and shifts every four rounds so the resumed rounds see both kinds of kill.
    const victim = (round + Math.floor(round / RESUME_EVERY)) % 2 === 0 ? 'cli' : 'trainer';
    tally[victim] += 1;
    process.kill(victim === 'cli' ? cliPid : trainerPid, 'SIGKILL');
    await run.exited;
    assert.ok((await msUntilGone(trainerPid, 2000)) < 2000, `round ${round}: the trainer outlived the kill`);

    const dir = onlyRunDir(root);
    const rows = assertNoTornRow(dir, round);
    const data = readRun(dir);
    const info = withLiveness(data.info);
    assert.equal(info.status, 'interrupted', `round ${round} (${victim} killed after epoch ${at}): status ${info.status}`);
    assert.ok(info.interruption, `round ${round}: a reason`);
    assert.equal(data.history.length, rows);
    const cp = readCheckpoint(dir);
    assert.ok(cp, `round ${round}: a checkpoint`);
    assert.ok(cp.meta.epochs >= 1 && cp.meta.epochs <= rows, `round ${round}: checkpoint at ${cp.meta.epochs}, ${rows} rows`);
    // A trainer killed between a temporary file's write and its rename leaves that file (no
    // process can clean up after SIGKILL); one whose CLI was killed exits on its own and leaves none.
    const temps = readdirSync(dir).filter((n) => n.endsWith('.tmp'));
    const ours = new Set(runTemporaries(dir).map((p) => basename(p)));
    if (victim === 'cli') assert.deepEqual(temps, [], `round ${round}: temporary files left by a trainer that exited on its own`);
    else
      assert.deepEqual(
        temps.filter((n) => !ours.has(n)),
        [],
        `round ${round}: temporary files no run writer makes`,
      );
    if (temps.length > 0) t.diagnostic(`round ${round}: the trainer kill left ${temps.join(', ')}`);

    assert.equal(cp.meta.trainRows, info.dataset?.trainRows);
    assert.equal(cp.groups.order?.[0]?.length, info.dataset?.trainRows);
    if (round % RESUME_EVERY !== RESUME_EVERY - 1) continue;
    const resumed = spawnCli(['train', '--resume', dir], root);
    assert.equal((await resumed.exited).code, 0, `round ${round}: ${resumed.stderr()}`);
    const after = readRun(dir);
    assert.equal(after.info.status, 'completed', `round ${round}`);
    assert.deepEqual(
      runTemporaries(dir).filter((p) => existsSync(p)),
      [],
      `round ${round}: the resume removed the temporary files a kill left`,
    );
    assert.equal(after.info.resumes?.length, 1);
    assert.equal(after.info.resumes?.[0].fromEpoch, cp.meta.epochs);
    assert.ok(after.events.some((e) => e.kind === 'resumed' && e.epoch === cp.meta.epochs));
    assert.equal(readFileSync(join(dir, RUN_FILES.metrics), 'utf8'), refMetrics, `round ${round}: the resumed curves differ from the uninterrupted run`);
  }
  t.diagnostic(
    `${ROUNDS} rounds (${tally.cli} CLI kills, ${tally.trainer} trainer kills, ${ROUNDS / RESUME_EVERY} resumes) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
});
