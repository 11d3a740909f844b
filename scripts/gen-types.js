#!/usr/bin/env node
// Generates provider/src/schemaTypes.ts from schema.json, the single source of truth for the API
// (the pulumi-awsx way). `node scripts/gen-types.js --check` fails when the committed file is stale.
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.join(__dirname, "..");
const schema = JSON.parse(fs.readFileSync(path.join(root, "schema.json"), "utf8"));
const out = path.join(root, "provider", "src", "schemaTypes.ts");
const prefix = `${schema.name}:index:`;
const shortName = (token) => token.slice(token.lastIndexOf(":") + 1);

function doc(text, indent = "") {
    const lines = text.split("\n").filter((l, i, all) => !(l === "" && all[i - 1] === ""));
    return `${indent}/**\n${lines.map((l) => `${indent} * ${l}`.trimEnd()).join("\n")}\n${indent} */\n`;
}

// The TypeScript type of a schema property; `input` wraps non-plain values in pulumi.Input.
function tsType(p, input) {
    const wrap = (t) => (input && !p.plain ? `pulumi.Input<${t}>` : t);
    if (p.$ref) {
        if (p.$ref === "pulumi.json#/Any") return input && !p.plain ? "pulumi.Input<any>" : "any";
        if (p.$ref.startsWith("#/types/")) return wrap(shortName(p.$ref));
        if (p.$ref.startsWith("#/resources/")) return shortName(p.$ref);
        throw new Error(`unsupported $ref ${p.$ref}`);
    }
    switch (p.type) {
        case "string": return wrap("string");
        case "boolean": return wrap("boolean");
        case "integer": case "number": return wrap("number");
        case "array": return wrap(`${tsType(p.items, input)}[]`);
        case "object": return wrap(`{ [key: string]: ${tsType(p.additionalProperties, input)} }`);
        default: throw new Error(`unsupported type ${JSON.stringify(p)}`);
    }
}

function fields(props, required, input, indent = "    ") {
    return Object.entries(props).map(([name, p]) =>
        doc(p.description, indent) + `${indent}${input ? "" : "readonly "}${name}${required.includes(name) ? "" : "?"}: ${tsType(p, input)};\n`).join("");
}

let ts = `// Generated from schema.json by scripts/gen-types.js: do not edit by hand.\n`;
ts += `// Run \`make schema-types\` after changing schema.json; a test fails when this file is stale.\n`;
ts += `import * as pulumi from "@pulumi/pulumi";\n\n`;
ts += `export const packageName = ${JSON.stringify(schema.name)};\nexport const packageVersion = ${JSON.stringify(schema.version)};\n\n`;

for (const [token, t] of Object.entries(schema.types)) {
    const name = shortName(token);
    if (t.enum) {
        ts += doc(t.description);
        ts += `export const ${name} = {\n${t.enum.map((e) => doc(e.description, "    ") + `    ${e.name}: ${JSON.stringify(e.value)},\n`).join("")}} as const;\n`;
        ts += doc(t.description) + `export type ${name} = (typeof ${name})[keyof typeof ${name}];\n`;
        ts += `export const ${name[0].toLowerCase() + name.slice(1)}Values: readonly ${name}[] = Object.values(${name});\n\n`;
    } else {
        ts += doc(t.description) + `export interface ${name} {\n${fields(t.properties, t.required || [], true)}}\n\n`;
    }
}

const methodTypes = new Map();
for (const [token, r] of Object.entries(schema.resources)) {
    const name = shortName(token);
    const summary = r.description.split("\n\n")[0];
    ts += `export const ${name[0].toLowerCase() + name.slice(1)}Token = ${JSON.stringify(token)};\n\n`;
    ts += doc(`The arguments of ${name}. ${summary}`) + `export interface ${name}Args {\n${fields(r.inputProperties, r.requiredInputs || [], true)}}\n\n`;
    ts += doc(`The outputs of ${name}, as returned by the provider's construct.`) + `export interface ${name}Outputs {\n${fields(r.properties, [], false).replace(/^( *readonly \w+\??): ([^;]+);$/gm, "$1: pulumi.Output<$2>;")}}\n\n`;
    ts += `/** The names of ${name}'s inputs, in schema order. */\nexport const ${name[0].toLowerCase() + name.slice(1)}InputNames = ${JSON.stringify(Object.keys(r.inputProperties))} as const;\n`;
    ts += `/** The names of ${name}'s outputs, in schema order. */\nexport const ${name[0].toLowerCase() + name.slice(1)}OutputNames = ${JSON.stringify(Object.keys(r.properties))} as const;\n\n`;
    let methodArgs = "";
    let methodResults = "";
    for (const [method, fnToken] of Object.entries(r.methods || {})) {
        const fn = schema.functions[fnToken];
        const { __self__, ...ins } = fn.inputs.properties;
        methodArgs += doc(fn.description, "    ") + `    ${method}: {\n${fields(ins, fn.inputs.required, true, "        ")}    };\n`;
        methodResults += `    ${method}: {\n${fields(fn.outputs.properties, fn.outputs.required || [], true, "        ")}    };\n`;
    }
    // Resources whose methods take and return the same (KmsKey, ImportedKey) share one declaration.
    const same = methodTypes.get(methodArgs + methodResults);
    if (same) {
        ts += `/** The arguments of each ${name} method: the same as ${same}'s. */\nexport type ${name}MethodArgs = ${same}MethodArgs;\n`;
        ts += `/** The results of each ${name} method: the same as ${same}'s. */\nexport type ${name}MethodResults = ${same}MethodResults;\n`;
    } else {
        methodTypes.set(methodArgs + methodResults, name);
        ts += `/** The arguments of each ${name} method (\`__self__\` aside), by method name. */\nexport interface ${name}MethodArgs {\n${methodArgs}`;
        ts += `}\n\n/** The results of each ${name} method, by method name. */\nexport interface ${name}MethodResults {\n${methodResults}}\n`;
    }
    ts += `\n/** The function token of each ${name} method. */\nexport const ${name[0].toLowerCase() + name.slice(1)}MethodTokens: { readonly [M in keyof ${name}MethodArgs]: string } = ${JSON.stringify(r.methods || {}, null, 4)};\n\n`;
}

if (!Object.keys(schema.types).concat(Object.keys(schema.resources)).every((t) => t.startsWith(prefix))) {
    throw new Error(`every token must start with ${prefix}`);
}

if (process.argv.includes("--check")) {
    const current = fs.existsSync(out) ? fs.readFileSync(out, "utf8") : "";
    if (current !== ts) {
        console.error(`${path.relative(root, out)} is stale: run make schema-types`);
        process.exit(1);
    }
} else {
    fs.writeFileSync(out, ts);
}
