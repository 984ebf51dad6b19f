/** Validation problems located by their path in the experiment file: `runs[1].optimizer.N: must be ≥ 1`. */

export interface SpecIssue {
  /** Where in the file, as written by a user: `runs[1].optimizer.N`, `loss.expr`. Empty for the whole file. */
  path: string;
  message: string;
}

/** Formats a key path the way a user reads it: `runs[1].optimizer.N`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

export function formatIssue(issue: SpecIssue): string {
  return issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`;
}

/** Thrown where a caller wants an exception rather than a result; carries every problem, not just the first. */
export class SpecError extends Error {
  readonly issues: SpecIssue[];
  constructor(issues: SpecIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'SpecError';
    this.issues = issues;
  }
}
