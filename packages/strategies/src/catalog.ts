import type { Catalog } from '@rclab/core';

/** File extension of this package's own modules: `.ts` from source, `.js` when built. */
const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const here = (file: string): string => new URL(`./${file}${ext}`, import.meta.url).href;

/**
 * The built-in strategies, name → module URL. Workers import strategies by URL, so this is
 * how a name on the command line reaches a thread.
 */
export const strategyCatalog: Catalog = {
  unsafe: here('unsafe'),
  gil: here('gil'),
  'gil-noforce': here('gil-noforce'),
  atomic: here('atomic'),
  locked: here('locked'),
  biased: here('biased'),
  'biased-noimmortal': here('biased-noimmortal'),
};
