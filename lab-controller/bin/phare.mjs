#!/usr/bin/env node
// `phare` CLI shim: registers tsx so the TypeScript sources run directly (no build step on a
// fresh clone), then hands over to src/cli/main.ts.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
await runCli(process.argv);
