/**
 * The assembler and the `dis` listing: every program's listing assembles back to the same
 * program (and prints the same listing), hand-written symbolic text means the same as the
 * listing, and bad input is refused with the line and the reason.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assemble, AssemblyError } from '../src/assemble.ts';
import { dis } from '../src/dis.ts';
import { BINARY_OPS, COMPARE_OPS, OPCODES } from '../src/opcodes.ts';
import { ProgramError, validateProgram } from '../src/validate.ts';

describe('dis listing', () => {
  it('random programs round-trip (tables in first-use order, any mix of operand kinds and jumps)', () => {
    const idents = ['a', 'b', 'x', 'counter', 'L', 'append', 'k_2'];
    const literals = ['0', '1', '-5', '257', '2147483647', 'None', 'True', 'False', "'k'", "'a b'"];
    const binops = [...BINARY_OPS.values()];
    const instruction = (count: number) =>
      fc
        .tuple(fc.integer({ min: 0, max: OPCODES.length - 1 }), fc.nat(1000), fc.constantFrom(...idents), fc.constantFrom(...literals), fc.boolean())
        .map(([op, n, ident, literal, flag]) => ({ op, n, ident, literal, flag, count }));
    const program = fc
      .integer({ min: 1, max: 40 })
      .chain((count) => fc.tuple(fc.array(instruction(count), { minLength: count, maxLength: count }), fc.array(fc.constantFrom('#  note', '# x = y[1]', '#'), { maxLength: 3 })));
    fc.assert(
      fc.property(program, ([instrs, notes]) => {
        const lines = ['Disassembly of f(a, b):'];
        instrs.forEach((ins, i) => {
          const info = OPCODES[ins.op] as (typeof OPCODES)[number];
          if (i === 0) lines.push(...notes);
          lines.push(`L${i}:`);
          let arg = '';
          switch (info.arg) {
            case 'int':
              arg = String(info.name === 'LIST_APPEND' || info.name === 'COPY' || info.name === 'SWAP' ? 1 + (ins.n % 255) : ins.n % 256);
              break;
            case 'const':
              arg = ins.literal;
              break;
            case 'local':
            case 'name':
              arg = ins.ident;
              break;
            case 'global':
              arg = ins.flag ? `${ins.ident} + NULL` : ins.ident;
              break;
            case 'attr':
              arg = ins.flag ? `${ins.ident} + NULL|self` : ins.ident;
              break;
            case 'binop':
              arg = binops[ins.n % binops.length] as string;
              break;
            case 'cmp':
              arg = COMPARE_OPS[ins.n % COMPARE_OPS.length] as string;
              break;
            case 'forward':
              arg = i + 1 < ins.count ? `L${i + 1 + (ins.n % (ins.count - i - 1))}` : '';
              break;
            case 'backward':
              arg = `L${ins.n % (i + 1)}`;
              break;
            default:
              break;
          }
          // A forward jump from the last instruction has nowhere to go: use a NOP there.
          lines.push(info.arg === 'forward' && arg === '' ? '  NOP' : `  ${info.name} ${arg}`.trimEnd());
        });
        const p = assemble(lines.join('\n'));
        const listing = dis(p);
        const again = assemble(listing);
        expect(again).toEqual(p);
        expect(dis(again)).toBe(listing);
      }),
    );
  });
});

describe('assembler', () => {
  it('reads hand-written symbolic arguments as the listing reads them', () => {
    const symbolic = assemble(`
Disassembly of f(n):
  LOAD_GLOBAL range + NULL
  LOAD_FAST n
  CALL 1
  GET_ITER
top: FOR_ITER to out
  STORE_FAST i
  LOAD_GLOBAL L
  LOAD_ATTR append + NULL|self
  LOAD_FAST i
  CALL 1
  POP_TOP
  LOAD_FAST i
  LOAD_CONST 'k'
  COMPARE_OP ==
  POP_JUMP_IF_FALSE skip
skip:
  JUMP_BACKWARD top
out:
  RETURN_CONST None
`);
    const listing = dis(symbolic);
    expect(listing).toContain('LOAD_ATTR                5 (append + NULL|self)');
    expect(listing).toContain('COMPARE_OP               2 (==)');
    expect(assemble(listing)).toEqual(symbolic);
  });

  it('keeps the indentation of source notes', () => {
    const p = assemble('Disassembly of f():\n  #     x = 1\n  LOAD_CONST 1\n  RETURN_VALUE\n');
    expect(p.notes).toEqual([{ at: 0, text: '    x = 1' }]);
  });

  const refuses: [string, string, RegExp][] = [
    ['no header', '  NOP', /expected the header/],
    ['an unknown opcode', 'Disassembly of f():\n  LOAD_NAME x', /unknown opcode LOAD_NAME/],
    ['a wrong offset', 'Disassembly of f():\n  0 NOP\n  4 NOP', /offset 4 should be 2/],
    ['an undefined label', 'Disassembly of f():\n  JUMP_FORWARD nowhere\n  NOP', /label nowhere is not defined/],
    ['a jump the wrong way', 'Disassembly of f():\nback: NOP\n  JUMP_FORWARD back', /cannot jump backward/],
    ['a jump distance that disagrees with its label', 'Disassembly of f():\n  JUMP_FORWARD 3 (to L1)\nL1: NOP', /does not reach L1/],
    ['two meanings for one constant index', 'Disassembly of f():\n  LOAD_CONST 0 (1)\n  LOAD_CONST 0 (2)', /constant 0 is already 1/],
    ['a gap in a table', 'Disassembly of f():\n  LOAD_CONST 1 (1)', /gap/],
    ['an unsupported operator', 'Disassembly of f():\n  BINARY_OP **', /unsupported binary operator/],
    ['an argument on a no-argument opcode', 'Disassembly of f():\n  POP_TOP 1', /takes no argument/],
    ['a note after the last instruction', 'Disassembly of f():\n  NOP\n  # trailing', /after the last instruction/],
    ['a label defined twice', 'Disassembly of f():\na: NOP\na: NOP', /defined twice/],
  ];
  for (const [what, text, message] of refuses) {
    it(`refuses ${what}, naming the line`, () => {
      expect(() => assemble(text)).toThrow(AssemblyError);
      expect(() => assemble(text)).toThrow(message);
    });
  }
});

describe('program validation', () => {
  const invalid: [string, string, RegExp][] = [
    ['a pop from an empty stack', 'Disassembly of f():\n  POP_TOP\n  RETURN_CONST None', /needs 1 on the stack, has 0/],
    ['falling off the end', 'Disassembly of f():\n  NOP', /falls off the end/],
    ['two stack depths at one instruction', 'Disassembly of f(x):\n  LOAD_FAST x\n  POP_JUMP_IF_FALSE end\n  LOAD_FAST x\nend: RETURN_CONST None', /reached with stack depth/],
    ['LIST_APPEND 0', 'Disassembly of f(x):\n  LOAD_FAST x\n  LIST_APPEND 0\n  RETURN_CONST None', /at least 1/],
  ];
  for (const [what, text, message] of invalid) {
    it(`refuses ${what}`, () => {
      expect(() => validateProgram(assemble(text))).toThrow(ProgramError);
      expect(() => validateProgram(assemble(text))).toThrow(message);
    });
  }
});
