// Tests are TypeScript, run transpile-only (types are checked by `make typecheck`).
process.env.TS_NODE_TRANSPILE_ONLY = "true";
process.env.TS_NODE_PROJECT = "tests/tsconfig.json";
module.exports = { require: ["ts-node/register"], extension: ["ts"], timeout: 60000, spec: [] };
