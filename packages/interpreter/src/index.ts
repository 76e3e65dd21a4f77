// @rclab/interpreter — a small CPython-like bytecode interpreter over the shared heap: the
// assembler and `dis`, the object space, and the eval loop. It imports only @rclab/core.
export { assemble, AssemblyError, parseLiteral } from './assemble.ts';
export { dis, instructionText, jumpLabels } from './dis.ts';
export { Interpreter } from './interpreter.ts';
export { CHECKPOINT_PLACEMENTS, DEFAULT_CHECKPOINTS, STACK_SIZE } from './code.ts';
export { ObjectSpace } from './space.ts';
export { bindRuntime, buildValue, createRuntime } from './runtime.ts';
export { ProgramError, stackEffect, validateProgram } from './validate.ts';
export { constRepr, instructionCount } from './program.ts';
export { BINARY_OPS, COMPARE_OPS, isCheckpointSite, OPCODE_BY_NAME, OPCODES } from './opcodes.ts';
export { BUILTIN_NAMES, METHODS } from './builtins.ts';
export * as objects from './objects.ts';

export type { CheckpointPlacement, Code } from './code.ts';
export type { Const, Program, SourceNote } from './program.ts';
export type { RuntimeData, RuntimeSpec, ValueSpec } from './runtime.ts';
export type { ArgKind, OpInfo } from './opcodes.ts';
export type { MethodInfo } from './builtins.ts';
