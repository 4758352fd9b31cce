#!/usr/bin/env node
// Thin entry shim: the CLI is written in TypeScript and built into dist/ by `npm install` (prepare).
import { main } from '../dist/cli/main.js';

main(process.argv.slice(2));
