#!/usr/bin/env node
// Checks Grafana dashboards (Node 20, no packages).
//   Structure: valid JSON; unique dashboard uids; unique panel ids; every panel and every target on
//   the `datasource` variable; a `datasource` variable of type datasource/prometheus; a `function`
//   variable from label_values(prescale_function_invocations_total, function) wherever $function is
//   used; no unknown variables in queries.
//   Operator checks: thresholds ascend from a base step and are drawn on time series; the panels of
//   REQUIRED_THRESHOLDS carry thresholds; every series named in REQUIRED_SERIES is on some panel;
//   every per-function panel (legend {{function}}) of a dashboard without a function variable
//   links to the function dashboard with var-function from the series' function label; every
//   /d/<uid> data link points at a dashboard here and sets only variables that dashboard has.
//   Data (with --prometheus URL): every query of every panel, variables substituted, answers through
//   /api/v1/query without error AND with at least one finite sample, AND no two of its series show
//   the same legend (legendFormat with their labels): against a Prometheus that scrapes several
//   replicas, a per-replica series drawn without sum/max over the replicas fails here.
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
// On each of these dashboards, some panel showing the series must carry thresholds: [uid, series, why].
const REQUIRED_THRESHOLDS = [
  ['prescale-autoscaler', 'prescale_autoscaler_tick_period_ratio', 'tick wall time against its period'],
  ['prescale-collector', 'prescale_otlp_ingest_queue_capacity', 'ingest queue depth against capacity'],
  ['prescale-fleet', 'prescale_function_cold_starts_total', 'fleet cold-start ratio'],
  ['prescale-function', 'prescale_function_cold_starts_total', 'function cold-start ratio'],
  ['prescale-autoscaler', 'prescale_forecast_error_ratio', 'forecast drift'],
  ['prescale-autoscaler', 'prescale_snapshot_last_success_timestamp_seconds', 'snapshot age'],
  ['prescale-autoscaler', 'prescale_policy_reload_errors_total', 'policy reload errors'],
];
// Series an operator needs on some panel (forecast drift, snapshots, policy reloads, tick, queue).
const REQUIRED_SERIES = ['prescale_forecast_error_ratio', 'prescale_snapshot_bytes', 'prescale_snapshot_functions',
  'prescale_snapshot_duration_seconds_bucket', 'prescale_snapshot_failures_total',
  'prescale_snapshot_last_success_timestamp_seconds', 'prescale_policy_reload_errors_total',
  'prescale_policy_last_reload_success', 'prescale_autoscaler_tick_period_ratio',
  'prescale_otlp_ingest_queue_depth', 'prescale_otlp_ingest_queue_capacity'];
const FUNCTION_DASHBOARD = 'prescale-function';
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

/** Threshold sets of a panel: its defaults and every override's "thresholds" property. */
function thresholdSets(p) {
  const fc = p.fieldConfig || {};
  const sets = [];
  if (fc.defaults && fc.defaults.thresholds) sets.push({ t: fc.defaults.thresholds, style: fc.defaults.custom && fc.defaults.custom.thresholdsStyle, where: 'defaults' });
  for (const [i, ov] of (fc.overrides || []).entries()) {
    const props = ov.properties || [];
    const t = props.find(x => x.id === 'thresholds');
    const style = props.find(x => x.id === 'custom.thresholdsStyle');
    if (t) sets.push({ t: t.value, style: style ? style.value : (fc.defaults && fc.defaults.custom && fc.defaults.custom.thresholdsStyle), where: `override ${i}` });
  }
  return sets;
}

function checkThresholds(where, p) {
  let meaningful = 0;
  for (const { t, style, where: w } of thresholdSets(p)) {
    const steps = (t && t.steps) || [];
    if (!t || !['absolute', 'percentage'].includes(t.mode)) fail(`${where} ${w}`, `thresholds mode ${t && t.mode} is not absolute/percentage`);
    if (steps.length === 0 || steps[0].value !== null) fail(`${where} ${w}`, 'thresholds must start with a base step (value null)');
    for (let i = 1; i < steps.length; i++) {
      if (typeof steps[i].value !== 'number') fail(`${where} ${w}`, `threshold step ${i} has no number value`);
      else if (i > 1 && !(steps[i].value > steps[i - 1].value)) fail(`${where} ${w}`, `threshold steps do not ascend: ${steps[i - 1].value}, ${steps[i].value}`);
    }
    for (const st of steps) if (typeof st.color !== 'string' || st.color === '') fail(`${where} ${w}`, 'threshold step without a color');
    if (steps.length > 1) {
      meaningful++;
      if (p.type === 'timeseries' && !(style && style.mode && style.mode !== 'off')) {
        fail(`${where} ${w}`, 'time series thresholds are not drawn (custom.thresholdsStyle.mode missing or off)');
      }
    }
  }
  return meaningful;
}

/** Data links of a panel: panel links and field links (defaults and overrides). */
function dataLinks(p) {
  const fc = p.fieldConfig || {};
  const links = [...(p.links || []), ...((fc.defaults && fc.defaults.links) || [])];
  for (const ov of fc.overrides || []) for (const pr of ov.properties || []) if (pr.id === 'links') links.push(...(pr.value || []));
  return links;
}

function checkOperator(dashboards) {
  const byUid = new Map(dashboards.map(x => [x.d.uid, x]));
  const varsOf = d => new Set(((d.templating && d.templating.list) || []).map(v => v.name));
  const allExprs = [];
  const thresholded = new Set();
  for (const { file, d } of dashboards) {
    const name = `${file} (${d.title || 'untitled'})`;
    const hasFunctionVar = varsOf(d).has('function');
    for (const p of flatPanels(d.panels)) {
      const where = `${name} / panel #${p.id} "${p.title}"`;
      const exprs = (p.targets || []).map(t => t.expr || '');
      allExprs.push(...exprs);
      const thresholds = checkThresholds(where, p);
      for (const [uid, series] of REQUIRED_THRESHOLDS) {
        if (uid === d.uid && thresholds > 0 && exprs.some(e => e.includes(series))) thresholded.add(`${uid} ${series}`);
      }
      const links = dataLinks(p);
      for (const l of links) {
        const m = /^\/d\/([^/?]+)(?:\/[^?]*)?(?:\?(.*))?$/.exec(l.url || '');
        if (!m) continue;
        const target = byUid.get(m[1]);
        if (!target) { fail(where, `data link to unknown dashboard uid ${m[1]}`); continue; }
        for (const kv of (m[2] || '').split('&')) {
          const k = kv.split('=')[0];
          const v = k.startsWith('var-') ? k.slice(4) : null;
          if (v && !varsOf(target.d).has(v)) fail(where, `data link sets var-${v}, which ${m[1]} does not have`);
        }
      }
      const perFunction = (p.targets || []).some(t => /\{\{\s*function\s*\}\}/.test(t.legendFormat || ''));
      if (perFunction && !hasFunctionVar) {
        const ok = links.some(l => (l.url || '').startsWith(`/d/${FUNCTION_DASHBOARD}/`)
          && /[?&]var-function=\$\{__field\.labels\.function(:[a-z]+)?\}/.test(l.url));
        if (!ok) fail(where, `per-function panel without a data link to /d/${FUNCTION_DASHBOARD}/ with var-function=\${__field.labels.function}`);
      }
    }
  }
  for (const s of REQUIRED_SERIES) {
    if (!allExprs.some(e => new RegExp(`\\b${s}\\b`).test(e))) fail('dashboards', `no panel shows ${s}`);
  }
  for (const [uid, series, why] of REQUIRED_THRESHOLDS) {
    if (!byUid.has(uid)) fail('dashboards', `dashboard ${uid} is missing`);
    else if (!thresholded.has(`${uid} ${series}`)) fail(`${byUid.get(uid).file}`, `no panel showing ${series} has thresholds (${why})`);
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

/**
 * A message when two series of a vector result draw the same legend (legendFormat's {{label}}s
 * filled from each series' labels), naming the legend and the labels telling them apart; else null.
 */
function sharedLegend(legendFormat, data) {
  if (data.resultType !== 'vector' || !legendFormat || legendFormat === '__auto') return null;
  const seen = new Map();
  for (const s of data.result) {
    const legend = legendFormat.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_, l) => s.metric[l] ?? '');
    const other = seen.get(legend);
    if (other) {
      const apart = [...new Set([...Object.keys(other), ...Object.keys(s.metric)])]
        .filter(l => other[l] !== s.metric[l]).sort();
      return `two series share the legend "${legend}" (they differ in ${apart.join(', ')}): `
        + 'aggregate over the replicas (sum or max by the legend\'s labels)';
    }
    seen.set(legend, s.metric);
  }
  return null;
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
          const dup = n === 0 ? null : sharedLegend(t.legendFormat, data);
          if (n === 0) fail(where, data.result.length === 0 ? 'no data (empty result)' : 'no data (only NaN/Inf samples)', q);
          else if (dup) fail(where, dup, q);
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
checkOperator(dashboards);
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
