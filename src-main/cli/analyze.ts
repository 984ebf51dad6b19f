/** `sgd-lab analyze` (SPEC §10–§12): being written. */
export async function analyzeCommand(_args: string[]): Promise<number> {
  process.stderr.write('sgd-lab analyze: not ready yet\n');
  return 1;
}
