// Tests are TypeScript, run transpile-only (types are checked by `make typecheck`).
process.env.TS_NODE_TRANSPILE_ONLY = "true";
process.env.TS_NODE_PROJECT = "tests/tsconfig.json";
// The development tools are in tests/node_modules (tests/package.json), apart from the plugin's dependencies:
// code outside tests/ (bench/, scripts/) and child processes started with `node -r ts-node/register` find them
// through NODE_PATH, which the Makefile exports and which is set here for mocha run by hand
// (tests/node_modules/.bin/mocha --config .mocharc.js <spec>).
const path = require("path");
const devModules = path.join(__dirname, "tests", "node_modules");
if (!(process.env.NODE_PATH || "").split(path.delimiter).includes(devModules)) {
    process.env.NODE_PATH = [devModules, process.env.NODE_PATH].filter(Boolean).join(path.delimiter);
    require("module").Module._initPaths();
}
module.exports = { require: ["ts-node/register"], extension: ["ts"], timeout: 60000, spec: [] };
