// Go programs the scripts need (oauth2-proxy for bench:gateway, kustomize and kubeconform for the
// manifests' test), built once with `go install` from the Go module proxy into .cache/bin — never a
// prebuilt binary, which these machines cannot download — and Go modules' files read from the module
// cache (`go mod download`), such as the Kubernetes API's OpenAPI document.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './infra.ts';

export interface GoTool {
  /** The package to install, e.g. `sigs.k8s.io/kustomize/kustomize/v5`. */
  module: string;
  version: string;
  /** The binary `go install` makes (the package path's last element that is not a major version). */
  binary: string;
}

/** Where a tool is kept: its version in the name, so that a change of version builds it again. */
export const goToolPath = (tool: GoTool): string => path.join(ROOT, '.cache', 'bin', `${tool.binary}-${tool.version}`);

function goCommand(): string | undefined {
  return ['go', '/usr/local/go/bin/go'].find((candidate) => spawnSync(candidate, ['version'], { stdio: 'ignore' }).status === 0);
}

// The Go installation's own module proxy setting; no toolchain download (GOTOOLCHAIN=local), no C compiler needed.
const goEnv = (extra: Record<string, string> = {}) => ({ ...process.env, GOTOOLCHAIN: 'local', CGO_ENABLED: '0', ...extra });

/** Run a command to its end, its output collected (and `input` written to it); never throws. */
export function runCommand(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd ?? ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdin.on('error', () => undefined);
    child.once('error', (err) => resolve({ code: -1, stdout, stderr: err.message }));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

const lastLines = (text: string) => text.trim().split('\n').filter(Boolean).slice(-2).join(' / ');

/** The tool's binary, built once with `go install` from the Go module proxy; or why there is none. */
export async function goInstall(
  tool: GoTool,
  say: (message: string) => void = () => undefined,
): Promise<{ bin: string } | { problem: string }> {
  const bin = goToolPath(tool);
  if (existsSync(bin)) return { bin };
  const go = goCommand();
  if (!go) return { problem: 'Go is not installed (go on PATH or /usr/local/go/bin/go)' };
  say(`building ${tool.binary} ${tool.version} (go install from the Go module proxy; once, kept in .cache/bin)`);
  const gobin = await mkdtemp(path.join(os.tmpdir(), `${tool.binary}-build-`));
  try {
    const output = await runCommand(go, ['install', `${tool.module}@${tool.version}`], { env: goEnv({ GOBIN: gobin }) });
    if (output.code !== 0)
      return {
        problem: `go install ${tool.module}@${tool.version} failed (is the Go module proxy reachable?): ${lastLines(output.stderr)}`,
      };
    await mkdir(path.dirname(bin), { recursive: true });
    await rename(path.join(gobin, tool.binary), bin);
    return { bin };
  } finally {
    await rm(gobin, { recursive: true, force: true });
  }
}

/** The folder of a Go module's files in the module cache, fetched from the Go module proxy if need be; or why there is none. */
export async function goModuleDir(module: string, version: string): Promise<{ dir: string } | { problem: string }> {
  const go = goCommand();
  if (!go) return { problem: 'Go is not installed (go on PATH or /usr/local/go/bin/go)' };
  // Outside any module, so that no go.mod around decides what is fetched.
  const output = await runCommand(go, ['mod', 'download', '-json', `${module}@${version}`], {
    env: goEnv({ GOFLAGS: '-mod=mod' }),
    cwd: os.tmpdir(),
  });
  try {
    const info = JSON.parse(output.stdout) as { Dir?: string; Error?: string };
    if (info.Dir && output.code === 0) return { dir: info.Dir };
    return { problem: `go mod download ${module}@${version} failed: ${info.Error ?? lastLines(output.stderr)}` };
  } catch {
    return { problem: `go mod download ${module}@${version} failed: ${lastLines(output.stderr)}` };
  }
}
