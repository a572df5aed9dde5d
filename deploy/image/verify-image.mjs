// Verifies the Prescale image tarball (Jib buildTar, Docker "save" layout) without a container
// runtime, then unpacks its layers and starts the image's entrypoint with the image's own JRE
// (with an admin token file and --data-dir, as the Deployment runs it).
//   node deploy/image/verify-image.mjs IMAGE.tar DEPENDENCIES.txt APP_CLASSES_DIR
// DEPENDENCIES.txt: `mvn dependency:list -DoutputAbsoluteArtifactFilename=true` of app (the
// -Pimage profile writes app/target/image-dependencies.txt). Called by deploy/check-image.sh.
// Exit 0 when every check passes, 1 naming the first thing that is wrong.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, createReadStream, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync,
  readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

const MAIN = 'io.prescale.app.Main';
const CMD = ['run', '--bind', '0.0.0.0'];
const PORTS = ['4317/tcp', '4318/tcp', '8080/tcp', '9095/tcp'];
const USER = '65532:65532';
const READY_SECONDS = Number(process.env.READY_SECONDS || 90);

class Fail extends Error {}
const fail = (msg) => { throw new Fail(msg); };
const t0 = Date.now();
const say = (msg) => console.log(`verify-image: [${((Date.now() - t0) / 1000).toFixed(1)} s] ${msg}`);
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

const [imageTar, depsFile, appClasses] = process.argv.slice(2);
const work = mkdtempSync(path.join(os.tmpdir(), 'prescale-verify-image.'));
let child = null;

try {
  await main();
  say('OK');
} catch (e) {
  console.error(`verify-image: FAIL: ${e instanceof Fail ? e.message : e.stack}`);
  process.exitCode = 1;
} finally {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
}

async function main() {
  if (!imageTar || !depsFile || !appClasses) fail('usage: verify-image.mjs IMAGE.tar DEPENDENCIES.txt APP_CLASSES_DIR');
  for (const f of [imageTar, depsFile, appClasses]) if (!existsSync(f)) fail(`${f} does not exist`);

  const image = path.join(work, 'image');
  tar(['-xf', imageTar, '-C', mkdir(image)]);
  const manifest = readJson(path.join(image, 'manifest.json'), 'manifest.json');
  if (!Array.isArray(manifest) || manifest.length !== 1) fail(`manifest.json: expected one image, found ${JSON.stringify(manifest).slice(0, 200)}`);
  const { Config: configName, Layers: layers, RepoTags: tags } = manifest[0];
  if (!configName || !Array.isArray(layers) || layers.length === 0) fail('manifest.json: no Config or no Layers');
  if (!Array.isArray(tags) || !tags.some((t) => t.startsWith('prescale:'))) fail(`manifest.json: RepoTags ${JSON.stringify(tags)} has no prescale:TAG`);
  const config = readJson(path.join(image, configName), configName);
  const c = config.config || fail(`${configName}: no "config" object`);

  // What the container runs.
  if (config.os !== 'linux') fail(`${configName}: os is ${config.os}, expected linux`);
  const entry = c.Entrypoint || fail(`${configName}: no Entrypoint`);
  const mainAt = entry.indexOf(MAIN);
  if (mainAt !== entry.length - 1) fail(`${configName}: Entrypoint ${JSON.stringify(entry)} does not end with main class ${MAIN}`);
  if (!same(c.Cmd, CMD)) fail(`${configName}: Cmd is ${JSON.stringify(c.Cmd)}, expected ${JSON.stringify(CMD)}`);
  const cpAt = entry.findIndex((a) => a === '-cp' || a === '-classpath' || a === '--class-path');
  if (cpAt < 1) fail(`${configName}: Entrypoint ${JSON.stringify(entry)} sets no class path`);
  const exposed = Object.keys(c.ExposedPorts || {}).sort();
  if (!same(exposed, [...PORTS].sort())) fail(`${configName}: ExposedPorts ${JSON.stringify(exposed)}, expected ${JSON.stringify(PORTS)}`);
  if (c.User !== USER) fail(`${configName}: User is ${JSON.stringify(c.User)}, expected ${USER} (non-root, the Deployment's runAsUser)`);
  say(`config: ${JSON.stringify(entry)} + ${JSON.stringify(c.Cmd)}, ports ${exposed.join(' ')}, user ${c.User}`);

  // Every layer is what the config says it is.
  const diffIds = config.rootfs?.diff_ids || fail(`${configName}: no rootfs.diff_ids`);
  if (diffIds.length !== layers.length) fail(`${configName}: ${diffIds.length} diff_ids for ${layers.length} layers in manifest.json`);
  for (let i = 0; i < layers.length; i++) {
    const file = path.join(image, layers[i]);
    if (!existsSync(file)) fail(`layer ${i} ${layers[i]} is listed in manifest.json but missing from the tarball`);
    const gz = isGzip(file);
    const blob = await sha256(file, false);
    const named = /^([0-9a-f]{64})\.tar(\.gz)?$/.exec(path.basename(layers[i]));
    if (named && named[1] !== blob) fail(`layer ${i} ${layers[i]}: content sha256 is ${blob}, not its name`);
    const diff = gz ? await sha256(file, true) : blob;
    if (`sha256:${diff}` !== diffIds[i]) fail(`layer ${i} ${layers[i]}: uncompressed sha256:${diff} != diff_id ${diffIds[i]}`);
  }
  say(`${layers.length} layers, every sha256 matches its diff_id`);

  // The root filesystem, layer over layer (whiteouts applied).
  const rootfs = mkdir(path.join(work, 'rootfs'));
  for (const layer of layers) extractLayer(path.join(image, layer), rootfs);

  // The app classes and resources, byte for byte.
  let appFiles = 0;
  for (const rel of walk(appClasses)) {
    const inImage = [path.join(rootfs, 'app/classes', rel), path.join(rootfs, 'app/resources', rel)].find(existsSync);
    if (!inImage) fail(`app class/resource ${rel} (from ${appClasses}) is not in the image's /app/classes or /app/resources`);
    if (!readFileSync(inImage).equals(readFileSync(path.join(appClasses, rel)))) fail(`/${path.relative(rootfs, inImage)} differs from ${path.join(appClasses, rel)}`);
    appFiles++;
  }
  if (!existsSync(path.join(rootfs, 'app/classes', MAIN.replaceAll('.', '/') + '.class'))) fail(`the image has no /app/classes/${MAIN.replaceAll('.', '/')}.class`);

  // Every runtime dependency, the same jar, on the class path; nothing else.
  const deps = readDependencies(depsFile);
  const libs = path.join(rootfs, 'app/libs');
  const inLibs = new Set(existsSync(libs) ? readdirSync(libs) : []);
  const classpath = classPathOf(entry[cpAt + 1], rootfs);
  for (const d of deps) {
    const name = [path.basename(d.file), `${d.group}-${path.basename(d.file)}`].find((n) => inLibs.has(n));
    if (!name) fail(`runtime dependency ${d.coords} (${path.basename(d.file)}) is not in the image's /app/libs`);
    if (await sha256(path.join(libs, name), false) !== await sha256(d.file, false)) fail(`/app/libs/${name} differs from ${d.file}`);
    if (!classpath.includes(`/app/libs/${name}`)) fail(`/app/libs/${name} is not on the entrypoint's class path`);
    inLibs.delete(name);
  }
  if (inLibs.size > 0) fail(`/app/libs holds jars that are no runtime dependency of app: ${[...inLibs].join(', ')}`);
  for (const e of classpath) if (!existsSync(path.join(rootfs, e.replace(/\/\*$/, '')))) fail(`class path entry ${e} does not exist in the image`);
  say(`${appFiles} app classes/resources and ${deps.length} runtime dependency jars in the image, identical, on the class path`);

  await runEntrypoint(c, entry, cpAt, classpath, rootfs);
}

/** Starts the entrypoint with the image's JRE, as uid 65532 when we can, until /readyz is 200; then SIGTERM. */
async function runEntrypoint(c, entry, cpAt, classpath, rootfs) {
  const env = Object.fromEntries((c.Env || []).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
  const javaPath = (env.PATH || '/usr/bin:/bin').split(':').map((d) => path.join(rootfs, d, entry[0]))
    .find((p) => existsSync(p)) || fail(`the entrypoint's ${entry[0]} is on none of the image's PATH ${env.PATH}`);
  if (!javaPath.startsWith(path.join(rootfs, 'opt/java/'))) fail(`${entry[0]} resolves to /${path.relative(rootfs, javaPath)}, expected the image's JRE in /opt/java`);
  const cpFile = path.join(rootfs, 'tmp', 'verify-classpath');
  writeFileSync(cpFile, classpath.map((e) => path.join(rootfs, e)).join(':'));
  const [http, otlpHttp, otlpGrpc] = await freePorts(3);
  const args = entry.slice(1).map((a, i) => (i + 1 === cpAt + 1 ? `@${cpFile}` : rebase(a, rootfs)));
  // The Deployment's data volume (an emptyDir at /var/lib/prescale): the final snapshot goes there.
  const dataDir = mkdir(path.join(rootfs, 'var/lib/prescale'));
  chmodSync(dataDir, 0o777);
  // An admin token too (a file uid 65532 must read, as from the Deployment's Secret): /metrics needs it.
  const token = createHash('sha256').update(`${process.pid}:${imageTar}`).digest('hex');
  const tokenFile = path.join(rootfs, 'tmp', 'verify-admin-token');
  writeFileSync(tokenFile, `${token}\n`, { mode: 0o644 });
  args.push('run', '--bind', '127.0.0.1', '--http-port', `${http}`, '--otlp-http-port', `${otlpHttp}`, '--otlp-grpc-port', `${otlpGrpc}`,
    '--admin-token-file', tokenFile, '--data-dir', dataDir);
  const childEnv = { PATH: `${path.dirname(javaPath)}:/usr/bin:/bin`, JAVA_HOME: path.join(rootfs, 'opt/java'), HOME: path.join(rootfs, 'tmp'), LANG: 'C.UTF-8' };
  let command = javaPath;
  let argv = args;
  let as = `uid ${process.getuid()}`;
  const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find(existsSync);
  if (process.getuid() === 0 && setpriv) {
    // Root here: run as the image's user, so unreadable files or an unwritable /tmp fail as in a cluster.
    for (let d = rootfs; d !== path.dirname(d) && d.startsWith(work); d = path.dirname(d)) chmodSync(d, 0o755);
    const [uid, gid] = USER.split(':');
    command = setpriv;
    argv = [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--', javaPath, ...args];
    as = `uid ${uid}`;
  }
  const log = [];
  child = spawn(command, argv, { cwd: path.join(rootfs, c.WorkingDir || '/'), env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (b) => log.push(b));
  child.stderr.on('data', (b) => log.push(b));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const tail = () => Buffer.concat(log).toString().split('\n').slice(-25).join('\n');
  say(`starting /${path.relative(rootfs, javaPath)} ... ${MAIN} ${args.slice(args.indexOf('run')).join(' ').replaceAll(rootfs, '<rootfs>')} as ${as}`);

  const started = Date.now();
  let ready = false;
  while (!ready) {
    if (child.exitCode !== null || child.signalCode !== null) fail(`the entrypoint exited (code ${child.exitCode}, signal ${child.signalCode}) before /readyz answered 200; output:\n${tail()}`);
    if (Date.now() - started > READY_SECONDS * 1000) fail(`/readyz on 127.0.0.1:${http} not 200 within ${READY_SECONDS} s; output:\n${tail()}`);
    ready = (await status(`http://127.0.0.1:${http}/readyz`)) === 200;
    if (!ready) await new Promise((r) => setTimeout(r, 250));
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  for (const [p, auth, want] of [['/healthz', null, 200], ['/metrics', null, 401], ['/metrics', token, 200]]) {
    const s = await status(`http://127.0.0.1:${http}${p}`, auth);
    if (s !== want) fail(`${p} ${auth ? 'with' : 'without'} the admin token answered ${s}, expected ${want}; output:\n${tail()}`);
  }
  if (!Buffer.concat(log).toString().includes('prescale listening on')) fail(`no "prescale listening on" line; output:\n${tail()}`);
  say(`/readyz 200 after ${seconds} s, /healthz 200, /metrics 401 without and 200 with the admin token; sending SIGTERM`);

  child.kill('SIGTERM');
  const timeout = new Promise((r) => setTimeout(() => r(null), 30000).unref());
  const end = await Promise.race([exited, timeout]);
  if (end === null) fail(`still running 30 s after SIGTERM; output:\n${tail()}`);
  // The JVM exits 143 (128 + SIGTERM) after its shutdown hooks; setpriv passes the status on.
  if (!(end.code === 143 || end.code === 0)) fail(`exit after SIGTERM: code ${end.code}, signal ${end.signal}, expected 143 or 0; output:\n${tail()}`);
  if (/Exception|SEVERE/.test(Buffer.concat(log).toString())) fail(`exceptions in the output:\n${tail()}`);
  const snapshot = path.join(dataDir, 'windows.snapshot');
  if (!existsSync(snapshot) || statSync(snapshot).size === 0) fail(`no final snapshot ${snapshot.replace(rootfs, '<rootfs>')} after SIGTERM; output:\n${tail()}`);
  say(`stopped by SIGTERM with exit code ${end.code}, final snapshot written to --data-dir`);
}

function classPathOf(arg, rootfs) {
  const text = arg.startsWith('@') ? readFileSync(path.join(rootfs, arg.slice(1)), 'utf8').trim() : arg;
  const entries = text.split(':').filter((e) => e.length > 0);
  for (const e of entries) if (!e.startsWith('/')) fail(`class path entry ${e} is not absolute`);
  return entries;
}

/** -Dx=/abs/path becomes -Dx=ROOTFS/abs/path, so the JVM writes inside the unpacked image. */
function rebase(arg, rootfs) {
  const m = /^(-D[^=]+=)(\/.*)$/.exec(arg);
  return m ? m[1] + path.join(rootfs, m[2]) : arg;
}

function readDependencies(file) {
  const deps = [];
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.split(' -- ')[0].trim();
    const at = line.indexOf(':/');
    if (at < 0) continue;
    const coords = line.slice(0, at);
    const parts = coords.split(':');
    if (parts.length < 5) continue;
    const file = line.slice(at + 1);
    if (!file.endsWith('.jar')) continue;
    if (!existsSync(file)) fail(`${depsFile}: ${coords} file ${file} does not exist`);
    deps.push({ coords, group: parts[0], file });
  }
  if (deps.length === 0) fail(`${depsFile} lists no runtime dependency jar`);
  return deps;
}

function extractLayer(file, rootfs) {
  const names = tar(['-tf', file]).split('\n').filter(Boolean);
  for (const n of names) {
    const base = path.posix.basename(n);
    const dir = path.join(rootfs, path.posix.dirname(n));
    if (base === '.wh..wh..opq') {
      for (const e of existsSync(dir) ? readdirSync(dir) : []) rmSync(path.join(dir, e), { recursive: true, force: true });
    } else if (base.startsWith('.wh.')) {
      rmSync(path.join(dir, base.slice(4)), { recursive: true, force: true });
    }
  }
  tar(['-xf', file, '-C', rootfs, '--no-same-owner']);
  for (const n of names) if (path.posix.basename(n).startsWith('.wh.')) rmSync(path.join(rootfs, n), { force: true });
}

function tar(args) {
  try {
    return execFileSync('tar', ['--warning=no-unknown-keyword', ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  } catch (e) {
    fail(`tar ${args.join(' ')}: ${e.stderr || e.message}`);
  }
}

async function sha256(file, gunzip) {
  const hash = createHash('sha256');
  await pipeline(...[createReadStream(file), ...(gunzip ? [createGunzip()] : []), hash]);
  return hash.digest('hex');
}

function isGzip(file) {
  const b = Buffer.alloc(2);
  const fd = openSync(file, 'r');
  try { readSync(fd, b, 0, 2, 0); } finally { closeSync(fd); }
  return b[0] === 0x1f && b[1] === 0x8b;
}

function* walk(dir, rel = '') {
  for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = path.join(rel, e.name);
    if (e.isDirectory()) yield* walk(dir, r);
    else yield r;
  }
}

function readJson(file, name) {
  if (!existsSync(file)) fail(`the image tarball has no ${name}`);
  try { return JSON.parse(readFileSync(file, 'utf8')); } catch (e) { fail(`${name} is not JSON: ${e.message}`); }
}

function mkdir(dir) {
  mkdirSync(dir, { recursive: true });
  return dir;
}

async function status(url, token = null) {
  try {
    const headers = token ? { authorization: `Bearer ${token}` } : {};
    const r = await fetch(url, { headers, signal: AbortSignal.timeout(2000) });
    await r.arrayBuffer();
    return r.status;
  } catch {
    return 0;
  }
}

async function freePorts(n) {
  const servers = Array.from({ length: n }, () => net.createServer());
  await Promise.all(servers.map((s) => new Promise((r) => s.listen(0, '127.0.0.1', r))));
  const ports = servers.map((s) => s.address().port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}
