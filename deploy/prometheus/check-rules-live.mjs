#!/usr/bin/env node
// Checks the alerting rules as a running Prometheus evaluates them (Node 20, no packages): every
// alert of the rules file is loaded, evaluated at least once, healthy (no evaluation error), and its
// expression answers through /api/v1/query without error. Optionally asserts alert states:
//   --expect-inactive A,B   these alerts must be inactive (nothing matches on a healthy Prescale)
//   --expect-active A,B     these must be pending or firing (after a provoked condition)
//   --expect-firing A,B     these must be firing
//   --wait SECONDS          poll until the expectations hold, at most this long (default 0: once)
// Exit 0 when everything holds, 1 naming each failing rule, 2 on bad usage.
// Usage: node deploy/prometheus/check-rules-live.mjs --prometheus URL [--rules FILE] [...]
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function usage(msg) {
  console.error(`check-rules-live: ${msg}`);
  console.error('usage: node deploy/prometheus/check-rules-live.mjs --prometheus URL [--rules FILE] '
    + '[--expect-inactive A,B] [--expect-active A,B] [--expect-firing A,B] [--wait SECONDS]');
  process.exit(2);
}
const o = { prometheus: null, rules: join(dirname(fileURLToPath(import.meta.url)), 'prescale-rules.yaml'),
  inactive: [], active: [], firing: [], wait: 0 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const next = () => (i + 1 < argv.length ? argv[++i] : usage(`${a} needs a value`));
  const list = () => next().split(',').map(s => s.trim()).filter(Boolean);
  if (a === '--prometheus') o.prometheus = next().replace(/\/+$/, '');
  else if (a === '--rules') o.rules = next();
  else if (a === '--expect-inactive') o.inactive = list();
  else if (a === '--expect-active') o.active = list();
  else if (a === '--expect-firing') o.firing = list();
  else if (a === '--wait') o.wait = Number(next());
  else usage(`unknown argument ${a}`);
}
if (!o.prometheus) usage('--prometheus is required');
if (!(o.wait >= 0)) usage('--wait must be a number of seconds');

// The alert names of the rules file (one "- alert: NAME" per rule; promtool checks the rest).
const expected = [...readFileSync(o.rules, 'utf8').matchAll(/^\s*-\s*alert:\s*([A-Za-z0-9_]+)\s*$/gm)].map(m => m[1]);
if (expected.length === 0) usage(`no alerts in ${o.rules}`);
for (const n of [...o.inactive, ...o.active, ...o.firing]) {
  if (!expected.includes(n)) usage(`${n} is not an alert of ${o.rules}`);
}

async function promGet(path) {
  const res = await fetch(o.prometheus + path, { signal: AbortSignal.timeout(15000) });
  const body = await res.json();
  if (body.status !== 'success') throw new Error(`${body.errorType || 'error'}: ${body.error}`);
  return body.data;
}

async function check() {
  const failures = [];
  const data = await promGet('/api/v1/rules?type=alert');
  const loaded = new Map();
  for (const g of data.groups) {
    if (basename(g.file) !== basename(o.rules)) continue;
    for (const r of g.rules) loaded.set(r.name, { ...r, group: g.name });
  }
  for (const name of expected) {
    const r = loaded.get(name);
    if (!r) { failures.push(`${name}: not loaded by Prometheus`); continue; }
    if (r.health !== 'ok') failures.push(`${name}: health ${r.health}: ${r.lastError || ''}`);
    if (r.lastError) failures.push(`${name}: evaluation error ${r.lastError}`);
    if (!r.lastEvaluation || r.lastEvaluation.startsWith('0001-')) failures.push(`${name}: never evaluated`);
    try {
      await promGet(`/api/v1/query?query=${encodeURIComponent(r.query)}`);
    } catch (e) {
      failures.push(`${name}: query fails: ${e.message}\n     query: ${r.query}`);
    }
    const state = r.state;
    if (o.inactive.includes(name) && state !== 'inactive') failures.push(`${name}: ${state}, expected inactive (${JSON.stringify((r.alerts || []).map(a => a.labels))})`);
    if (o.active.includes(name) && state !== 'pending' && state !== 'firing') failures.push(`${name}: ${state}, expected pending or firing`);
    if (o.firing.includes(name) && state !== 'firing') failures.push(`${name}: ${state}, expected firing`);
  }
  for (const name of loaded.keys()) if (!expected.includes(name)) failures.push(`${name}: loaded but not in ${o.rules}`);
  return { failures, loaded };
}

const deadline = Date.now() + o.wait * 1000;
let result;
for (;;) {
  result = await check();
  if (result.failures.length === 0 || Date.now() >= deadline) break;
  await new Promise(r => setTimeout(r, 1000));
}
for (const f of result.failures) console.error(`FAIL ${f}`);
if (result.failures.length > 0) {
  console.error(`check-rules-live: ${result.failures.length} failure(s) in ${expected.length} alerts of ${o.rules}`);
  process.exit(1);
}
const states = [...result.loaded.values()].reduce((m, r) => ({ ...m, [r.state]: (m[r.state] || 0) + 1 }), {});
console.log(`check-rules-live: ${expected.length} alerts loaded, evaluated without error (${Object.entries(states).map(([k, v]) => `${v} ${k}`).join(', ')})`
  + (o.firing.length ? `; firing as expected: ${o.firing.join(', ')}` : '')
  + (o.active.length ? `; active as expected: ${o.active.join(', ')}` : ''));
