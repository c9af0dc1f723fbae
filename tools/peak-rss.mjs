#!/usr/bin/env node
// Peak resident memory of a command and all its child processes, sampled from /proc (Linux).
// Usage: node tools/peak-rss.mjs [--every MS] -- <command> [args…]
// Prints one JSON line: the peak of the summed RSS of the process tree, and each process's own
// peak, in MiB. Used for the parse-once budget in docs/performance.md.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const argv = process.argv.slice(2);
let every = 10;
if (argv[0] === '--every') {
  every = Number(argv[1]);
  argv.splice(0, 2);
}
if (argv[0] === '--') argv.shift();
if (argv.length === 0) {
  console.error('usage: node tools/peak-rss.mjs [--every MS] -- <command> [args…]');
  process.exit(2);
}

/** pid → [ppid, rss KiB, name] for every process. */
function snapshot() {
  const out = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = readFileSync(`/proc/${name}/status`, 'utf8');
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
      const rss = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      const comm = /^Name:\s+(.*)$/m.exec(status)?.[1] ?? '?';
      out.set(Number(name), [ppid, rss, comm]);
    } catch {
      // The process ended between readdir and read.
    }
  }
  return out;
}

const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'inherit'] });
let peakSum = 0;
const peakByPid = new Map();
const sample = () => {
  const procs = snapshot();
  const tree = new Set([child.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, [ppid]] of procs) if (tree.has(ppid) && !tree.has(pid)) (tree.add(pid), (grew = true));
  }
  let sum = 0;
  for (const pid of tree) {
    const p = procs.get(pid);
    if (!p) continue;
    sum += p[1];
    const prev = peakByPid.get(pid);
    if (!prev || p[1] > prev.rss) peakByPid.set(pid, { rss: p[1], name: p[2], role: pid === child.pid ? 'command' : 'child' });
  }
  peakSum = Math.max(peakSum, sum);
};
const timer = setInterval(sample, every);
const started = Date.now();
child.on('exit', (code, signal) => {
  clearInterval(timer);
  const mib = (k) => Math.round((k / 1024) * 10) / 10;
  console.log(JSON.stringify({
    command: argv.join(' '),
    exit: code ?? signal,
    seconds: (Date.now() - started) / 1000,
    peakTreeMiB: mib(peakSum),
    processes: [...peakByPid.entries()].map(([pid, p]) => ({ pid, role: p.role, name: p.name, peakMiB: mib(p.rss) })),
  }));
});
