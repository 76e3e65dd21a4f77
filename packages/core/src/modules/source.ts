/** True when rclab itself runs from its TypeScript sources (tests, `pnpm rclab`), not from dist. */
export const runningFromSource: boolean = import.meta.url.endsWith('.ts');
