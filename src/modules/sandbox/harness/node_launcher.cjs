'use strict';
// InterviewLM ad-hoc launcher for JavaScript/TypeScript (already transpiled to CommonJS): a
// pre-started sandbox waits here for a program to run as if started with `node main.js`. Runs
// INSIDE the sandbox. Protocol: see python_launcher.py (same stdin); fd 3 is closed unused, since
// syntax errors were found by esbuild before the run.
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

function readExact(size) {
  const buffer = Buffer.alloc(size);
  let offset = 0;
  while (offset < size) {
    const read = fs.readSync(0, buffer, offset, size - offset, null);
    if (read === 0) throw new Error("the launcher's header ended early");
    offset += read;
  }
  return buffer;
}

// Exact reads from fd 0 leave the rest of the pipe, unread, for the program's process.stdin.
const spec = JSON.parse(readExact(Number(readExact(10).toString('ascii'))).toString('utf8'));
for (const entry of spec.files) {
  const target = path.join(spec.programDir, entry.path);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, entry.content);
}
process.chdir(spec.programDir);
fs.closeSync(3);
const main = path.resolve(spec.mainFile);
process.argv[1] = main;
Module.runMain(main);
