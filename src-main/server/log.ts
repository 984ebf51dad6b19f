/** The server's error log: one line per unexpected error, never a crash (the request gets an error reply). */

/** Records an unexpected error of `what` (a request, a message); tests pass their own to see them. */
export type ErrorLog = (what: string, error: unknown) => void;

/** One line on stderr: `sgd-lab serve: WHAT: MESSAGE` (the stack only with SGD_LAB_DEBUG set). */
export const stderrLog: ErrorLog = (what, error) => {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  process.stderr.write(`sgd-lab serve: ${what}: ${message.split('\n')[0]!.slice(0, 500)}\n`);
  if (process.env.SGD_LAB_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
};
