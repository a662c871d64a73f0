#!/usr/bin/env node
// Entry point for `npx pettwin …` and `npm start`: runs the TypeScript CLI through tsx,
// so there is no build step between editing the code and running it.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
