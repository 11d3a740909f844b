#!/usr/bin/env node
// `make release-check`: the repository can be tagged and consumed as `pulumi package add
// github.com/<org>/kmskey@v<version>`. The CLI clones refs/tags/v<version> (pulumi/pulumi
// sdk/go/common/workspace/plugins.go, gitSource.Download), installs it with npm and asks the plugin for its
// version (package.json#version, GetPluginInfo) and its schema (schema.json, whose version the SDKs carry), so:
//  - package.json and schema.json have the same version, and it is semver;
//  - a v* tag on HEAD is exactly v<version>, and an existing tag v<version> is HEAD or an ancestor of it;
//  - what the install needs is committed (package-lock.json, PulumiPlugin.yaml, the prepare script and the
//    sources) and build output is not (provider/bin, node_modules).
// With `--tag` it also requires the tag v<version> to exist and point at HEAD (run it after `git tag`).
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.join(__dirname, "..");
const git = (...args) => execFileSync("git", args, { cwd: root, encoding: "utf8" }).trim();
const problems = [];

const version = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version;
const schemaVersion = JSON.parse(fs.readFileSync(path.join(root, "schema.json"), "utf8")).version;
if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) problems.push(`package.json version ${version} is not semver`);
if (schemaVersion !== version) problems.push(`schema.json version ${schemaVersion} differs from package.json version ${version}`);

const tag = `v${version}`;
const head = git("rev-parse", "HEAD");
for (const t of git("tag", "--points-at", "HEAD").split("\n").filter((t) => /^v\d/.test(t))) {
    if (t !== tag) problems.push(`HEAD is tagged ${t} but package.json says ${version} (tag ${tag})`);
}
let tagged = "";
try {
    tagged = git("rev-parse", "--verify", "--quiet", `refs/tags/${tag}^{commit}`);
} catch {
    tagged = "";
}
if (tagged && tagged !== head) {
    try {
        git("merge-base", "--is-ancestor", tagged, head);
    } catch {
        problems.push(`tag ${tag} is not HEAD nor an ancestor of it`);
    }
}
if (process.argv.includes("--tag") && tagged !== head) problems.push(`tag ${tag} does not point at HEAD`);

const tracked = new Set(git("ls-files").split("\n"));
for (const f of ["package.json", "package-lock.json", "PulumiPlugin.yaml", "scripts/prepare.js", "schema.json", "provider/src/main.ts"]) {
    if (!tracked.has(f)) problems.push(`${f} is not committed (a clone of the tag needs it)`);
}
for (const f of tracked) {
    if (/^(provider\/bin|node_modules)\//.test(f) || f.includes("/node_modules/")) problems.push(`build output ${f} is committed`);
}

if (problems.length) {
    for (const p of problems) console.error(`release-check: ${p}`);
    process.exit(1);
}
const state = tagged === head ? `tagged ${tag} at HEAD` : tagged ? `tag ${tag} is an ancestor of HEAD` : `not tagged yet: git tag ${tag}`;
console.log(`release-check: package.json and schema.json are ${version}; ${state}`);
