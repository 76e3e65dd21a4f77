import { moduleBundle } from '@rclab/core';
import { pathToFileURL } from 'node:url';
import { statSync, readdirSync } from 'node:fs';
const t = performance.now();
const dir = '/tmp/rclab-workers';
const entry = readdirSync(dir).filter((f) => f.startsWith('kit-entry')).map((f) => `${dir}/${f}`)[0]!;
const out = await moduleBundle(pathToFileURL(entry).href);
console.log('bundle ms', performance.now() - t, statSync(out).size);
