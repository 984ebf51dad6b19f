/**
 * A real `sgd-lab serve` child process for tests: started on a free port without a browser, its
 * address and token read from the `SGD_LAB_URL=` line it prints, its stderr kept for assertions.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request, type IncomingHttpHeaders } from 'node:http';
import path from 'node:path';

export const BIN = path.resolve(__dirname, '../../bin/sgd-lab.mjs');

export interface ServeProcess {
  child: ChildProcess;
  port: number;
  token: string;
  /** What the process wrote to stderr so far. */
  stderr(): string;
  /** The lab's cookie (`Cookie:` header value), as the first visit with the token sets it. */
  cookie: string;
  /** Stops it with SIGTERM and resolves with its exit code. */
  stop(): Promise<number | null>;
}

/** Starts `sgd-lab serve --port 0 --no-open …args` (cpu backend unless `env` says otherwise). */
export async function startServe(
  args: string[] = [],
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<ServeProcess> {
  const child = spawn(process.execPath, [...nodeArgs, BIN, 'serve', '--port', '0', '--no-open', ...args], {
    env: { ...process.env, SGD_LAB_BACKEND: 'cpu', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /SGD_LAB_URL=(\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  const parsed = new URL(url);
  const port = Number(parsed.port);
  const token = parsed.searchParams.get('token')!;
  return {
    child,
    port,
    token,
    stderr: () => stderr,
    cookie: `sgd_lab_${port}=${token}`,
    stop: () => {
      if (child.exitCode !== null) return Promise.resolve(child.exitCode);
      const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      return exit;
    },
  };
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A GET of `target` sent as is (no normalization by a URL parser), with optional headers. */
export function rawGet(port: number, target: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: target, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
