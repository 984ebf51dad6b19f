/**
 * The optimizers the lab knows: the table's entries (descriptors.ts), and any a test registers for
 * itself (`registerOptimizer`, to prove that one entry is enough). Only code can register: no file,
 * message or setting reaches this, the table's own entries cannot be replaced, and a registration is
 * undone by the function it returns. The schema, the kernels and the editor all look types up here.
 */
import type { OptimizerDescriptor, OptimizerSettings } from './entry';
import { OPTIMIZERS } from './descriptors';
import { parseStatement, type UpdateExpr } from './language';

const extra = new Map<string, OptimizerDescriptor>();
let version = 0;

/** Every optimizer, the table's in its order, then registered ones. */
export function registeredOptimizers(): readonly OptimizerDescriptor[] {
  return extra.size === 0 ? OPTIMIZERS : [...OPTIMIZERS, ...extra.values()];
}

/** Changes whenever the registered set does (so derived things can be rebuilt). */
export function registryVersion(): number {
  return version;
}

export function optimizerDescriptor(type: string): OptimizerDescriptor {
  const d = (OPTIMIZERS as readonly OptimizerDescriptor[]).find((o) => o.type === type) ?? extra.get(type);
  if (!d) throw new Error(`no descriptor for optimizer ${type}`);
  return d;
}

/**
 * Adds an optimizer for the caller's lifetime (tests); returns the function that removes it again.
 * Refuses a type that is taken and an entry whose update statements do not read (checked with its
 * defaults: every name a slot, constant, per-step value, temporary or x, g, q, lr).
 */
export function registerOptimizer(entry: OptimizerDescriptor): () => void {
  if (registeredOptimizers().some((d) => d.type === entry.type))
    throw new Error(`optimizer ${entry.type} exists already`);
  checkEntry(entry);
  const frozen = Object.freeze({ ...entry });
  extra.set(entry.type, frozen);
  version++;
  return () => {
    if (extra.get(entry.type) === frozen) {
      extra.delete(entry.type);
      version++;
    }
  };
}

function checkEntry(entry: OptimizerDescriptor): void {
  const fields: Record<string, unknown> = {};
  for (const p of entry.params) fields[p.name] = p.default;
  for (const a of entry.averages) fields[a.n] = a.default;
  const opt: OptimizerSettings = { ...fields, type: entry.type, lr: 1 };
  const k = entry.kernel;
  const known = new Set([
    'x',
    'g',
    'lr',
    ...(k.needsExamples(opt) ? ['q'] : []),
    ...k.slots,
    ...Object.keys(k.constants(opt, 1)),
    ...(k.perStep?.names ?? []),
  ]);
  for (const text of k.update(opt)) {
    const s = parseStatement(text);
    for (const name of namesOf(s.expr))
      if (!known.has(name)) throw new Error(`optimizer ${entry.type}: unknown name ${name} in "${text}"`);
    known.add(s.target);
  }
}

function namesOf(e: UpdateExpr): string[] {
  if (e.op === 'num') return [];
  if (e.op === 'name') return [e.name];
  if ('arg' in e) return namesOf(e.arg);
  return [...namesOf(e.left), ...namesOf(e.right)];
}
