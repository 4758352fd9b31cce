// The CLI entry run from the TypeScript sources (node --import tsx), as cmd/geth.js runs it from dist/: end-to-end
// tests use it so they do not depend on a fresh build.
import { main } from '../../src/cli/main.js';

void main(process.argv.slice(2));
