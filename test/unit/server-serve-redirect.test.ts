/**
 * Issue 18, security 6: the redirect that trades the token for a cookie always stays on the lab. A
 * real `sgd-lab serve` process answers targets whose paths normalize to `//host` (or carry
 * backslashes) with a Location of one leading `/`, which a browser resolves to the lab's own origin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawGet, startServe, type ServeProcess } from './serve-process';

let serve: ServeProcess;

beforeAll(async () => {
  serve = await startServe();
}, 60_000);
afterAll(async () => {
  await serve.stop();
});

describe('the token redirect of sgd-lab serve', () => {
  // Each target with the expected Location, derived by hand: `/./` and `/../` are removed, then
  // every leading slash (a backslash counts as one in an http URL) collapses into one.
  const cases: [string, string][] = [
    ['/.//evil.example', '/evil.example'],
    ['/./\\evil.example', '/evil.example'],
    ['/..//evil.example/x', '/evil.example/x'],
    ['/.///evil.example', '/evil.example'],
    ['/a/..//evil.example', '/evil.example'],
    ['/', '/'],
    ['/index.html?x=1', '/index.html?x=1'],
  ];
  for (const [target, location] of cases)
    it(`${target} → ${location}`, async () => {
      const join = target.includes('?') ? '&' : '?';
      const res = await rawGet(serve.port, `${target}${join}token=${serve.token}`, {
        Host: `127.0.0.1:${serve.port}`,
      });
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe(location);
      const base = `http://127.0.0.1:${serve.port}`;
      expect(new URL(res.headers.location!, base).origin).toBe(base);
    });

  it('keeps serving afterwards', async () => {
    const res = await rawGet(serve.port, '/api/health', { Cookie: serve.cookie });
    expect(res.status).toBe(200);
    expect(serve.stderr()).not.toMatch(/\n\s+at /);
  });
});
