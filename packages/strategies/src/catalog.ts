import { type Catalog } from '@rclab/core';
import { moduleUrl } from '@rclab/core/internal';

const here = (file: string): string => moduleUrl(import.meta.url, `./${file}.ts`);

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
