#!/usr/bin/env node
// npm's `prepare` script (package.json): compiles provider/src/**/*.ts to provider/bin/**/*.js, the plugin entry
// (package.json#main) and the library (provider/package.json#main).
//
// It runs on every `npm install` in this directory, which is how Pulumi installs a source plugin: the nodejs
// language host's InstallDependencies runs `npm install --loglevel=error` (plus `--production` when
// PulumiPlugin.yaml says `production: true`) in the plugin directory with scripts on, and nothing else builds it
// (pulumi/pulumi sdk/nodejs/cmd/pulumi-language-nodejs/main.go InstallDependencies and installcache.go
// installShared -> sdk/nodejs/npm/npm.go installCmd). A fresh clone, or the tag a `pulumi package add
// github.com/...@v0.1.0` unpacks into $PULUMI_HOME/plugins/resource-kmskey-v0.1.0, is therefore a working plugin.
//
// Sucrase strips the types file by file (no type checking, about 0.3 s for the whole tree, a 3 MB install);
// TypeScript itself would add 23 MB to every plugin install and tsc's type check of @pulumi/aws several seconds.
// Types are checked by `make build` / `make typecheck` (tsc --noEmit), and the library's consumers read its types
// from provider/src (provider/package.json#types).
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.join(__dirname, "..");
const src = path.join(root, "provider", "src");
const out = path.join(root, "provider", "bin");

function sources(dir) {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) return sources(file);
        return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [file] : [];
    }).sort();
}

function main() {
    // An installed copy without sources (a packed tarball) ships provider/bin already.
    if (!fs.existsSync(src)) return;
    const { transform } = require("sucrase");
    const started = Date.now();
    const files = sources(src);
    fs.rmSync(out, { recursive: true, force: true });
    for (const file of files) {
        // TypeScript syntax stripped, ES modules to CommonJS with esModuleInterop's semantics, and class fields
        // as assignments in the constructor, as tsc emits them for provider/tsconfig.json (target ES2021, so
        // useDefineForClassFields is off: a declared `keyArn!:` field must not overwrite what super() set).
        const { code } = transform(fs.readFileSync(file, "utf8"), { transforms: ["typescript", "imports"], filePath: file });
        const target = path.join(out, path.relative(src, file)).replace(/\.ts$/, ".js");
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, code);
    }
    console.log(`kmskey: compiled ${files.length} files from provider/src to provider/bin in ${Date.now() - started} ms`);
}

main();
