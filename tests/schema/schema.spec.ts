// schema.json, the API's single source of truth: valid against Pulumi's metaschema, plus the semantic rules
// the metaschema cannot express, and the generated TypeScript types in sync with it.
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const repoRoot = path.join(__dirname, "..", "..");
const schemaText = fs.readFileSync(path.join(repoRoot, "schema.json"), "utf8");
const schema = JSON.parse(schemaText);
const metaschemaPath = path.join(repoRoot, "..", "shared", "pulumi-metaschema.json");

interface Property { type?: string; $ref?: string; description?: string; items?: Property; additionalProperties?: Property }

/** Every $ref in the schema, with where it is. */
function refs(value: unknown, where = "#"): { ref: string; where: string }[] {
    if (Array.isArray(value)) return value.flatMap((v, i) => refs(v, `${where}/${i}`));
    if (value && typeof value === "object") {
        return Object.entries(value).flatMap(([k, v]) =>
            k === "$ref" && typeof v === "string" ? [{ ref: v, where }] : refs(v, `${where}/${k}`));
    }
    return [];
}

/** Every named property of the schema (resource inputs and outputs, type properties, function inputs and outputs). */
function properties(): { where: string; name: string; spec: Property; shape: { properties?: object; required?: string[] } }[] {
    const out: { where: string; name: string; spec: Property; shape: { properties?: object; required?: string[] } }[] = [];
    const add = (where: string, shape: { properties?: { [k: string]: Property }; required?: string[] } | undefined) => {
        for (const [name, spec] of Object.entries(shape?.properties ?? {})) out.push({ where, name, spec, shape: shape! });
    };
    for (const [token, r] of Object.entries<any>(schema.resources)) {
        add(`${token} inputProperties`, { properties: r.inputProperties, required: r.requiredInputs });
        add(`${token} properties`, { properties: r.properties, required: r.required });
    }
    for (const [token, t] of Object.entries<any>(schema.types)) if (!t.enum) add(`type ${token}`, t);
    for (const [token, f] of Object.entries<any>(schema.functions)) {
        add(`${token} inputs`, f.inputs);
        add(`${token} outputs`, f.outputs);
    }
    return out;
}

describe("schema.json", () => {
    it("is valid against Pulumi's metaschema (JSON Schema 2020-12)", () => {
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const Ajv2020 = require("ajv/dist/2020");
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const addFormats = require("ajv-formats");
        const ajv = new Ajv2020({ allErrors: true, strict: false });
        addFormats(ajv);
        const validate = ajv.compile(JSON.parse(fs.readFileSync(metaschemaPath, "utf8")));
        const valid = validate(schema);
        expect(valid, JSON.stringify(validate.errors, null, 2)).to.equal(true);
        // And the validator does reject a broken copy, so the check above means something.
        const broken = { ...schema, unexpected: true, resources: { "9bad:token": { type: "int" } } };
        expect(validate(broken)).to.equal(false);
    });

    it("has the package's name and version", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"));
        expect(schema.name).to.equal("kmskey");
        expect(pkg.name).to.equal(schema.name);
        expect(schema.version).to.equal(pkg.version);
    });

    it("names every resource, type and function with a kmskey: token in module index", () => {
        const tokens = [...Object.keys(schema.resources), ...Object.keys(schema.types), ...Object.keys(schema.functions)];
        expect(tokens.length).to.be.greaterThan(0);
        for (const token of tokens) expect(token, token).to.match(/^kmskey:index:[A-Za-z][A-Za-z0-9]*(\/[a-z][A-Za-z0-9]*)?$/);
        for (const { ref, where } of refs(schema)) {
            if (ref.startsWith("#/")) expect(ref, where).to.match(/^#\/(types|resources)\/kmskey:/);
        }
    });

    it("resolves every local $ref, and has no external (/aws/...) refs", () => {
        for (const { ref, where } of refs(schema)) {
            expect(ref, `${where}: external refs would tie the API to one @pulumi/aws version`).not.to.include("/aws/");
            if (ref === "pulumi.json#/Any") continue;
            const m = /^#\/(types|resources)\/(.+)$/.exec(ref);
            expect(m, `${where}: unsupported $ref ${ref}`).to.not.equal(null);
            expect(schema[m![1]], `${where}: ${ref} does not resolve`).to.have.property(m![2]);
        }
    });

    it("documents every resource, property, type, enum value and function", () => {
        const missing: string[] = [];
        const need = (what: string, d: unknown) => { if (typeof d !== "string" || d.trim() === "") missing.push(what); };
        for (const [token, r] of Object.entries<any>(schema.resources)) need(token, r.description);
        for (const [token, t] of Object.entries<any>(schema.types)) {
            need(token, t.description);
            for (const e of t.enum ?? []) need(`${token} enum ${e.name}`, e.description);
        }
        for (const [token, f] of Object.entries<any>(schema.functions)) need(token, f.description);
        for (const p of properties()) need(`${p.where}.${p.name}`, p.spec.description);
        expect(missing).to.deep.equal([]);
    });

    it("has enums with distinct names and values of the declared type", () => {
        for (const [token, t] of Object.entries<any>(schema.types)) {
            if (!t.enum) continue;
            expect(new Set(t.enum.map((e: any) => e.name)).size, token).to.equal(t.enum.length);
            expect(new Set(t.enum.map((e: any) => e.value)).size, token).to.equal(t.enum.length);
            for (const e of t.enum) expect(typeof e.value, `${token} ${e.name}`).to.equal(t.type === "integer" ? "number" : t.type);
        }
    });

    it("only requires properties it has", () => {
        const check = (where: string, shape: { properties?: object; required?: string[] } | undefined) => {
            for (const name of shape?.required ?? []) expect(shape?.properties ?? {}, `${where} requires ${name}`).to.have.property(name);
        };
        for (const [token, r] of Object.entries<any>(schema.resources)) {
            check(`${token} properties`, { properties: r.properties, required: r.required });
            check(`${token} inputProperties`, { properties: r.inputProperties, required: r.requiredInputs });
        }
        for (const [token, t] of Object.entries<any>(schema.types)) check(`type ${token}`, t);
        for (const [token, f] of Object.entries<any>(schema.functions)) {
            check(`${token} inputs`, f.inputs);
            check(`${token} outputs`, f.outputs);
        }
    });

    it("has components only, whose methods are functions taking a required __self__ of that component", () => {
        const methodTokens = new Set<string>();
        for (const [token, r] of Object.entries<any>(schema.resources)) {
            expect(r.isComponent, token).to.equal(true);
            for (const [method, fn] of Object.entries<string>(r.methods ?? {})) {
                expect(fn, `${token}.${method}`).to.equal(`${token}/${method}`);
                const f = schema.functions[fn];
                expect(f, `${token}.${method} -> ${fn} is not in functions`).to.not.equal(undefined);
                expect(f.inputs.properties.__self__, fn).to.deep.include({ $ref: `#/resources/${token}` });
                expect(f.inputs.required, fn).to.include("__self__");
                expect(f.outputs.type, fn).to.equal("object");
                methodTokens.add(fn);
            }
        }
        // The provider serves methods (Call) only, no provider functions (Invoke has no resource monitor).
        expect(Object.keys(schema.functions).filter((f) => !methodTokens.has(f))).to.deep.equal([]);
    });

    it("is in sync with the generated provider/src/schemaTypes.ts (node scripts/gen-types.js --check)", () => {
        execFileSync(process.execPath, [path.join(repoRoot, "scripts", "gen-types.js"), "--check"], { cwd: repoRoot, stdio: "pipe" });
    });
});
