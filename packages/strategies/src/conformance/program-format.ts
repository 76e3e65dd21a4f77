/** Operation programs as text, one operation per line, for reports and replays. */
import type { Op, Program } from './program.ts';

function opText(op: Op, p: Program): string {
  const g = (i: number): string => (i < p.globals ? `g${i}` : `g${i} (immortal)`);
  switch (op.op) {
    case 'new':
      return `r${op.r} = new(${op.nrefs} field${op.nrefs === 1 ? '' : 's'})`;
    case 'global':
      return `r${op.r} = ${g(op.g)}`;
    case 'copy':
      return `r${op.r} = r${op.s}`;
    case 'drop':
      return `drop r${op.r}`;
    case 'put':
      return `c${op.c}[${op.k}] = r${op.r}        (critical section on c${op.c})`;
    case 'take':
      return `r${op.r} = c${op.c}[${op.k}]        (critical section on c${op.c})`;
    case 'steal':
      return `r${op.r} = c${op.c}[${op.k}]; c${op.c}[${op.k}] = null  (critical section on c${op.c})`;
    case 'link':
      return `r${op.r}.f[${op.k}] = r${op.s}      (critical section on r${op.r}; skipped unless r${op.s} is older)`;
    case 'field':
      return `r${op.r} = r${op.s}.f[${op.k}]      (critical section on r${op.s})`;
    case 'count':
      return `c${op.c}.counter += 1  (critical section on c${op.c})`;
    case 'block':
      return 'beginBlocking(); endBlocking()';
    case 'self':
      return `incref(c${op.c}); decref(c${op.c})  (inside the critical section on c${op.c})`;
  }
}

/** The program as text, one operation per line. */
export function formatProgram(p: Program, rounds?: number): string {
  const lines = [
    `shared: ${p.globals} global${p.globals === 1 ? '' : 's'}, ${p.immortals} immortal, ` +
      `${p.containers} container${p.containers === 1 ? '' : 's'} of ${p.slots} slot${p.slots === 1 ? '' : 's'} (made by the main thread)`,
  ];
  if ((p.every ?? 1) !== 1) lines.push(`checkpoint() after every ${p.every} operations (and at the end)`);
  p.threads.forEach((t, i) => {
    const times = rounds === undefined ? `${t.repeat} × rounds` : `${t.repeat * rounds} times`;
    lines.push(`thread ${i + 1}, body run ${times}:`);
    for (const op of t.body) lines.push(`  ${opText(op, p)}`);
  });
  return lines.join('\n');
}
