#!/usr/bin/env node
// Entry point of `npm start` / `npm test`: `node scripts/bootstrap.mjs <cmd> [args...]`.
//
// Plain JavaScript on purpose: it may run on the machine's Node (20) before
// node_modules exists. It installs dependencies when they are missing or older
// than package-lock.json (which also brings the project's Node 24, the `node`
// devDependency), then runs `node_modules/.bin/node scripts/<cmd>.ts [args...]`
// with inherited stdio, forwards SIGINT/SIGTERM and exits with its code.
//
// Signals outside a terminal: npm passes SIGINT/SIGTERM on to the shell of
// the package.json script only, and `sh -c` (dash) dies of it without passing
// it on, so the scripts are `exec node scripts/bootstrap.mjs …`: the shell
// becomes this process, which gets the signal. The child also gets an IPC
// channel, which closes if this process is killed outright; start.ts then
// stops as on SIGTERM (scripts/lib/parent-watchdog.ts).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** @param {string} message */
const say = (message) => console.error(`[bootstrap] ${message}`);

const [cmd, ...args] = process.argv.slice(2);
if (!cmd || !/^[\w-]+$/.test(cmd)) {
  say('usage: node scripts/bootstrap.mjs <command> [args...]   (runs scripts/<command>.ts)');
  process.exit(2);
}
const script = path.join(root, 'scripts', `${cmd}.ts`);
if (!existsSync(script)) {
  say(`no such command: scripts/${cmd}.ts does not exist`);
  process.exit(2);
}

const lockFile = path.join(root, 'package-lock.json');
const installedLock = path.join(root, 'node_modules', '.package-lock.json');
const projectNode = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'node.exe' : 'node');

function installReason() {
  if (!existsSync(projectNode)) return 'node_modules/.bin/node is missing';
  if (!existsSync(installedLock)) return 'node_modules/.package-lock.json is missing';
  if (existsSync(lockFile) && statSync(installedLock).mtimeMs < statSync(lockFile).mtimeMs) {
    return 'package-lock.json is newer than node_modules';
  }
  return undefined;
}

const reason = installReason();
if (reason) {
  const npmArgs = existsSync(lockFile) ? ['ci'] : ['install'];
  say(`${reason}: running npm ${npmArgs[0]}`);
  if (!/^v24\./.test(process.version)) {
    // npm checks the root package's engines against the Node it runs on, which is not the one it installs.
    say(
      `npm runs on this machine's Node ${process.version} and installs the project's Node 24: its EBADENGINE warning about webitr-next is expected`,
    );
  }
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, npmArgs, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.error || result.status !== 0) {
    say(`npm ${npmArgs[0]} failed${result.error ? `: ${result.error.message}` : ` (exit code ${result.status})`}`);
    process.exit(result.status || 1);
  }
  if (!existsSync(projectNode)) {
    say('npm finished but node_modules/.bin/node is still missing (the `node` devDependency)');
    process.exit(1);
  }
  say('dependencies installed');
}

say(`running scripts/${cmd}.ts${args.length ? ` ${args.join(' ')}` : ''}`);
const child = spawn(projectNode, [script, ...args], { cwd: root, stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
// The channel is for the child's parent watchdog only; it must not keep this process alive.
child.channel?.unref();

for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}

child.once('error', (err) => {
  say(`could not start ${path.relative(root, projectNode)}: ${err.message}`);
  process.exit(1);
});
child.once('exit', (code, signal) => {
  process.exit(code ?? 128 + (signal ? constants.signals[signal] : 1));
});
