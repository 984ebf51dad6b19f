/** `sgd-lab merge` (SPEC §10–§12): being written. */
export async function mergeCommand(_args: string[]): Promise<number> {
  process.stderr.write('sgd-lab merge: not ready yet\n');
  return 1;
}
