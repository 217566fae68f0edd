#!/usr/bin/env node
// The `phare` CLI as the lessons use it, for tests: bin/phare.mjs, plus the `learn` (and, until
// cli/main.ts registers them, `scenario`) commands. Once main.ts registers both, this is the CLI.
import { register } from 'tsx/esm/api';

register();
const { runCliWithLearn } = await import('./cli-with-learn.ts');
await runCliWithLearn(process.argv);
