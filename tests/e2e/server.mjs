// Starts a real KetNoi server with the demo data for end-to-end tests.
//
// The binary comes from the environment variable KETNOI_BIN. The server runs as
//   $KETNOI_BIN demo --db <fresh temp dir>/demo.db --listen 127.0.0.1:0
// and prints a line containing "http://127.0.0.1:PORT/" on stdout once it listens.
// stop() sends SIGTERM (SIGKILL after a grace period) and removes the temp dir.

import { spawn } from 'node:child_process';
import { access, constants, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;
const URL_PATTERN = /http:\/\/127\.0\.0\.1:(\d+)\//;

// The reason the e2e tests are skipped, or false when they can run.
export function skipReason() {
  return process.env.KETNOI_BIN
    ? false
    : 'KETNOI_BIN is not set: point it at the ketnoi binary, e.g. '
      + 'KETNOI_BIN=/work/main/build/debug/src/app/ketnoi npm test';
}

// Returns {url, stop, output}. Rejects when the binary is missing, exits early or
// does not print its address within 30 s (the message carries its output).
export async function startServer() {
  const bin = process.env.KETNOI_BIN;
  if (!bin) throw new Error(skipReason());
  try {
    await access(bin, constants.X_OK);
  } catch {
    throw new Error(`KETNOI_BIN=${bin} is not an executable file`);
  }

  const dir = await mkdtemp(path.join(os.tmpdir(), 'ketnoi-e2e-'));
  const args = ['demo', '--db', path.join(dir, 'demo.db'), '--listen', '127.0.0.1:0'];
  const child = spawn(bin, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });

  let output = '';
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const cleanup = async () => {
    await rm(dir, { recursive: true, force: true });
  };

  let url;
  try {
    url = await new Promise((resolve, reject) => {
      let stdoutBuffer = '';
      const timer = setTimeout(() => {
        reject(new Error(`ketnoi did not print its address within ${READY_TIMEOUT_MS / 1000} s.\n`
          + `Command: ${bin} ${args.join(' ')}\nOutput so far:\n${output}`));
      }, READY_TIMEOUT_MS);
      child.stdout.setEncoding('utf8');
      child.stderr.setEncoding('utf8');
      child.stdout.on('data', (chunk) => {
        output += chunk;
        stdoutBuffer += chunk;
        const match = URL_PATTERN.exec(stdoutBuffer);
        if (match) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${match[1]}/`);
        }
      });
      child.stderr.on('data', (chunk) => {
        output += chunk;
      });
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`cannot start ${bin}: ${err.message}`));
      });
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`ketnoi exited (code ${code}, signal ${signal}) before it was ready.\n`
          + `Command: ${bin} ${args.join(' ')}\nOutput:\n${output}`));
      });
    });
  } catch (err) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await cleanup();
    throw err;
  }

  async function stop() {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }
    await cleanup();
  }

  return { url, stop, output: () => output };
}
