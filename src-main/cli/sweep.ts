/** `sgd-lab sweep` (SPEC §10–§12): being written. */
export async function sweepCommand(_args: string[]): Promise<number> {
  process.stderr.write('sgd-lab sweep: not ready yet\n');
  return 1;
}
