#!/usr/bin/env node
// Checks Grafana dashboards (Node 20, no packages).
//   Structure: valid JSON; unique dashboard uids; unique panel ids; every panel and every target on
//   the `datasource` variable; a `datasource` variable of type datasource/prometheus; a `function`
//   variable from label_values(prescale_function_invocations_total, function) wherever $function is
//   used; no unknown variables in queries.
//   Data (with --prometheus URL): every query of every panel, variables substituted, answers through
//   /api/v1/query without error AND with at least one finite sample.
// Exit 0 when everything passes, 1 naming each failing dashboard, panel and query, 2 on bad usage.
//
// Usage: node grafana/check-dashboards.mjs [--prometheus URL] [--function NAME]
//          [--rate-interval 30s] [--interval 15s] [--range 5m] [FILE|DIR ...]   (default: grafana/dashboards)
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const FUNCTION_QUERY = 'label_values(prescale_function_invocations_total, function)';
const KNOWN_VARS = new Set(['datasource', 'function', '__rate_interval', '__interval', '__interval_ms',
  '__range', '__range_s', '__range_ms']);
const VAR_RE = /\$(?:\{([A-Za-z0-9_]+)(?::[a-z]+)?\}|([A-Za-z0-9_]+))/g;

function usage(msg) {
  console.error(`check-dashboards: ${msg}`);
  console.error('usage: node grafana/check-dashboards.mjs [--prometheus URL] [--function NAME] '
    + '[--rate-interval 30s] [--interval 15s] [--range 5m] [FILE|DIR ...]');
  process.exit(2);
}

function parseArgs(argv) {
  const o = { prometheus: null, fn: null, rateInterval: '30s', interval: '15s', range: '5m', paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => (i + 1 < argv.length ? argv[++i] : usage(`${a} needs a value`));
    if (a === '--prometheus') o.prometheus = next().replace(/\/+$/, '');
    else if (a === '--function') o.fn = next();
    else if (a === '--rate-interval') o.rateInterval = next();
    else if (a === '--interval') o.interval = next();
    else if (a === '--range') o.range = next();
    else if (a === '-h' || a === '--help') usage('help');
    else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else o.paths.push(a);
  }
  for (const k of ['rateInterval', 'interval', 'range']) {
    if (!/^\d+(ms|s|m|h)$/.test(o[k])) usage(`--${k.replace(/[A-Z]/g, c => '-' + c.toLowerCase())} = ${o[k]}, must be a duration such as 30s`);
  }
  if (o.paths.length === 0) o.paths.push(join(dirname(fileURLToPath(import.meta.url)), 'dashboards'));
  return o;
}

function dashboardFiles(paths) {
  const files = [];
  for (const p of paths) {
    let st;
    try { st = statSync(p); } catch { usage(`${p} does not exist`); }
    if (st.isDirectory()) {
      for (const f of readdirSync(p).filter(n => n.endsWith('.json')).sort()) files.push(join(p, f));
    } else {
      files.push(p);
    }
  }
  if (files.length === 0) usage(`no dashboard JSON files in ${paths.join(', ')}`);
  return files;
}

/** Panels with their targets, rows flattened (collapsed rows hold their panels inside). */
function flatPanels(panels) {
  const out = [];
  for (const p of panels || []) {
    if (p.type === 'row') {
      out.push(...flatPanels(p.panels));
    } else {
      out.push(p);
    }
  }
  return out;
}

function isDatasourceVar(ds) {
  return ds && typeof ds === 'object' && (ds.uid === '${datasource}' || ds.uid === '$datasource')
    && (ds.type === undefined || ds.type === 'prometheus');
}

function durationSeconds(d) {
  const m = /^(\d+)(ms|s|m|h)$/.exec(d);
  return Number(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[m[2]];
}

function substitute(expr, o, fn) {
  const escaped = fn == null ? null : fn.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  const values = {
    function: escaped,
    __rate_interval: o.rateInterval,
    __interval: o.interval,
    __interval_ms: String(Math.round(durationSeconds(o.interval) * 1000)),
    __range: o.range,
    __range_s: String(Math.round(durationSeconds(o.range))),
    __range_ms: String(Math.round(durationSeconds(o.range) * 1000)),
  };
  return expr.replace(VAR_RE, (all, braced, bare) => {
    const v = values[braced || bare];
    return v == null ? all : v;
  });
}

const failures = [];
const fail = (where, msg, query) => failures.push({ where, msg, query });

function checkStructure(file, d, uids) {
  const name = `${file} (${d.title || 'untitled'})`;
  if (typeof d.uid !== 'string' || d.uid === '') fail(name, 'dashboard has no uid');
  else if (uids.has(d.uid)) fail(name, `uid ${d.uid} is also used by ${uids.get(d.uid)}`);
  else uids.set(d.uid, file);
  if (typeof d.title !== 'string' || d.title === '') fail(name, 'dashboard has no title');
  if (!(Number.isInteger(d.schemaVersion) && d.schemaVersion >= 36)) fail(name, `schemaVersion = ${d.schemaVersion}, must be >= 36`);

  const vars = (d.templating && d.templating.list) || [];
  const dsVar = vars.find(v => v.name === 'datasource');
  if (!dsVar || dsVar.type !== 'datasource' || dsVar.query !== 'prometheus') {
    fail(name, 'needs a variable "datasource" of type datasource with query "prometheus"');
  }
  for (const v of vars.filter(v => v.type === 'query')) {
    if (!isDatasourceVar(v.datasource)) fail(`${name} / variable ${v.name}`, 'variable query is not on the ${datasource} variable');
  }
  const fnVar = vars.find(v => v.name === 'function');

  const panels = flatPanels(d.panels);
  if (panels.length === 0) fail(name, 'dashboard has no panels');
  const ids = new Map();
  let usesFunction = false;
  for (const p of panels) {
    const where = `${name} / panel #${p.id} "${p.title}"`;
    if (!Number.isInteger(p.id)) fail(where, 'panel id is not an integer');
    else if (ids.has(p.id)) fail(where, `panel id ${p.id} also used by "${ids.get(p.id)}"`);
    else ids.set(p.id, p.title);
    if (!p.title) fail(where, 'panel has no title');
    if (!p.gridPos || ['h', 'w', 'x', 'y'].some(k => !Number.isInteger(p.gridPos[k]))) fail(where, 'gridPos needs integer h, w, x, y');
    if (!isDatasourceVar(p.datasource)) fail(where, `panel datasource ${JSON.stringify(p.datasource)} is not the \${datasource} variable`);
    const targets = p.targets || [];
    if (targets.length === 0) fail(where, 'panel has no queries');
    const refIds = new Set();
    for (const t of targets) {
      const tw = `${where} / query ${t.refId}`;
      if (!t.refId || refIds.has(t.refId)) fail(tw, 'refId missing or repeated');
      refIds.add(t.refId);
      if (!isDatasourceVar(t.datasource)) fail(tw, `query datasource ${JSON.stringify(t.datasource)} is not the \${datasource} variable`);
      if (typeof t.expr !== 'string' || t.expr.trim() === '') { fail(tw, 'query has no expr'); continue; }
      for (const m of t.expr.matchAll(VAR_RE)) {
        const v = m[1] || m[2];
        if (!KNOWN_VARS.has(v)) fail(tw, `unknown variable $${v}`, t.expr);
        if (v === 'function') usesFunction = true;
      }
    }
  }
  if (usesFunction) {
    const def = fnVar && ((fnVar.query && fnVar.query.query) || fnVar.definition || fnVar.query);
    if (!fnVar || fnVar.type !== 'query' || def !== FUNCTION_QUERY) {
      fail(name, `uses $function but has no query variable "function" = ${FUNCTION_QUERY}`);
    }
  }
}

async function promGet(o, path) {
  const res = await fetch(o.prometheus + path, { signal: AbortSignal.timeout(15000) });
  const text = await res.text();
  let body;
  try { body = JSON.parse(text); } catch { throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`); }
  if (body.status !== 'success') throw new Error(`${body.errorType || 'error'}: ${body.error || text.slice(0, 200)}`);
  return body.data;
}

function finiteSamples(data) {
  const finite = v => v != null && Number.isFinite(Number(v[1]));
  switch (data.resultType) {
    case 'scalar': return finite(data.result) ? 1 : 0;
    case 'vector': return data.result.filter(s => finite(s.value)).length;
    case 'matrix': return data.result.filter(s => (s.values || []).some(finite)).length;
    default: return 0;
  }
}

async function checkData(o, dashboards) {
  let fn = o.fn;
  try {
    const values = await promGet(o, `/api/v1/label/function/values?match[]=${encodeURIComponent('prescale_function_invocations_total')}`);
    if (values.length === 0) fail('variable function', `${FUNCTION_QUERY} returned no values`);
    else if (fn == null) fn = values.filter(v => v !== '__other__').sort()[0] || values[0];
    else if (!values.includes(fn)) fail('variable function', `--function ${fn} is not among ${FUNCTION_QUERY}: ${values.join(', ')}`);
  } catch (e) {
    fail('variable function', `${FUNCTION_QUERY} failed: ${e.message}`);
  }
  console.log(`check-dashboards: querying ${o.prometheus} with function=${fn}, $__rate_interval=${o.rateInterval}`);
  let ok = 0;
  for (const { file, d } of dashboards) {
    for (const p of flatPanels(d.panels)) {
      for (const t of p.targets || []) {
        if (typeof t.expr !== 'string' || t.expr.trim() === '') continue;
        const where = `${file} (${d.title}) / panel #${p.id} "${p.title}" / query ${t.refId}`;
        const q = substitute(t.expr, o, fn);
        try {
          const data = await promGet(o, `/api/v1/query?query=${encodeURIComponent(q)}`);
          const n = finiteSamples(data);
          if (n === 0) fail(where, data.result.length === 0 ? 'no data (empty result)' : 'no data (only NaN/Inf samples)', q);
          else ok++;
        } catch (e) {
          fail(where, e.message, q);
        }
      }
    }
  }
  return ok;
}

const o = parseArgs(process.argv.slice(2));
const dashboards = [];
const uids = new Map();
for (const file of dashboardFiles(o.paths)) {
  const shown = relative(process.cwd(), file) || file;
  let d;
  try {
    d = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    fail(shown, `invalid JSON: ${e.message}`);
    continue;
  }
  checkStructure(shown, d, uids);
  dashboards.push({ file: shown, d });
}
const queries = dashboards.reduce((n, { d }) => n + flatPanels(d.panels).reduce((m, p) => m + (p.targets || []).length, 0), 0);
let ok = 0;
if (o.prometheus) ok = await checkData(o, dashboards);
for (const f of failures) {
  console.error(`FAIL ${f.where}: ${f.msg}${f.query ? `\n     query: ${f.query}` : ''}`);
}
if (failures.length > 0) {
  console.error(`check-dashboards: ${failures.length} failure(s) in ${dashboards.length} dashboards, ${queries} queries`);
  process.exit(1);
}
console.log(`check-dashboards: ${dashboards.length} dashboards, ${queries} queries: structure OK`
  + (o.prometheus ? `, all ${ok} queries answered with data` : ' (no --prometheus: queries not run)'));
