import { runKuvert } from './program.ts';

process.exitCode = await runKuvert(process.argv.slice(2));
