// Starts a Rundt server with the demo data for a test, and launches Debian's
// chromium through playwright-core. Every process started here is stopped in
// stop()/close(), and as a last resort when this node process exits.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { setServerClock, forgetClock } from './clock.js';

const here = dirname(fileURLToPath(import.meta.url));
export const BROWSER_DIR = resolve(here, '..');
export const REPO_ROOT = resolve(BROWSER_DIR, '..', '..');
export const SCREENSHOT_DIR = join(BROWSER_DIR, 'screenshots');

const HEALTH_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;

/** Children still running, killed on exit whatever happens. */
const live = new Set();

function killAllSync() {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}
process.once('exit', killAllSync);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, () => {
    killAllSync();
    process.exit(128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 })[sig]);
  });
}

/** A TCP port on 127.0.0.1 that is free right now. */
export function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

/** The rundt binary: $RUNDT_BIN, else target/debug/rundt of this repo. */
export function rundtBin() {
  const bin = process.env.RUNDT_BIN || join(REPO_ROOT, 'target', 'debug', 'rundt');
  if (!existsSync(bin)) {
    throw new Error(`rundt binary not found at ${bin}: build it with 'cargo build -p rundt-cli' or set RUNDT_BIN`);
  }
  return bin;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `rundt demo --serve` on a free loopback port (or `port`) with a fresh
 * data folder and `env` added to the environment, and waits for /healthz. Returns { baseUrl, port, dataDir, output(), stop() },
 * and with `testClock` a `setClock(instant)` that moves the server's clock
 * (see lib/clock.js).
 */
export async function startServer({ timeoutMs = HEALTH_TIMEOUT_MS, testClock = false, port: wanted, env: extraEnv = {} } = {}) {
  const bin = rundtBin();
  const dataDir = mkdtempSync(join(tmpdir(), 'rundt-browser-'));
  const port = wanted ?? (await freePort());
  const listen = `127.0.0.1:${port}`;
  const baseUrl = `http://${listen}`;

  const env = { ...process.env, RUNDT_DATA: dataDir, RUNDT_LOG: process.env.RUNDT_LOG || 'warn', ...extraEnv };
  // Always the embedded SQLite database in the fresh folder.
  delete env.RUNDT_DATABASE_URL;
  delete env.RUNDT_LISTEN;
  delete env.RUNDT_TEST_CLOCK_FILE;
  const clockFile = join(dataDir, 'test-clock');
  if (testClock) env.RUNDT_TEST_CLOCK_FILE = clockFile;

  const child = spawn(bin, ['demo', '--serve', '--listen', listen], {
    env,
    cwd: dataDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  // Lets run.sh kill a server left behind by a test process that died hard.
  const pidDir = process.env.RUNDT_BROWSER_PID_DIR;
  const pidFile = pidDir ? join(pidDir, `rundt-${child.pid}`) : null;
  if (pidFile) writeFileSync(pidFile, String(child.pid));

  let log = '';
  const keep = (chunk) => {
    log += chunk.toString();
    if (log.length > 64_000) log = log.slice(-32_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);

  let exited = null;
  const exitPromise = new Promise((r) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      live.delete(child);
      r(exited);
    });
  });
  child.once('error', (err) => {
    exited = exited || { code: null, signal: null, error: err };
  });

  let stopped = false;
  async function stop() {
    if (stopped) return;
    stopped = true;
    if (!exited) {
      child.kill('SIGTERM');
      const timer = sleep(STOP_GRACE_MS).then(() => 'timeout');
      if ((await Promise.race([exitPromise, timer])) === 'timeout' && !exited) {
        child.kill('SIGKILL');
        await Promise.race([exitPromise, sleep(STOP_GRACE_MS)]);
      }
    }
    live.delete(child);
    forgetClock(baseUrl);
    if (pidFile) rmSync(pidFile, { force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }

  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no answer yet';
  while (true) {
    if (exited) {
      await stop();
      throw new Error(
        `rundt exited before it was healthy (${JSON.stringify(exited)}):\n${log}`,
      );
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
      lastProblem = `GET /healthz answered ${res.status}`;
    } catch (err) {
      lastProblem = String(err && err.cause ? err.cause.code || err.cause : err);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`rundt was not healthy within ${timeoutMs} ms (${lastProblem}):\n${log}`);
    }
    await sleep(200);
  }

  const setClock = testClock ? (instant) => setServerClock(baseUrl, clockFile, instant) : undefined;
  return { baseUrl, port, dataDir, output: () => log, stop, setClock };
}

export const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Debian's chromium, headless. Playwright gives every launch a fresh
 * temporary profile (--user-data-dir) and removes it on close().
 */
export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: apt-get install chromium (never a downloaded browser)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
}
