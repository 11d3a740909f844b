// schema.json, the API's source of truth, read once per process: the provider serves it byte for byte and
// checks construct/call inputs against it, and the TypeScript library checks its inputs against it too, so
// both refuse the same values. No Pulumi here beyond the SDK submodules inputChecks.ts needs.
import * as fs from "fs";
import * as path from "path";
import type { SchemaSpec } from "./inputChecks";

/** provider/{src,bin}/ -> the repository (or installed package) root. */
export const schemaPath = path.join(__dirname, "..", "..", "schema.json");

let text: string | undefined;
let spec: SchemaSpec | undefined;

export function schemaText(): string {
    text ??= fs.readFileSync(schemaPath, "utf8");
    return text;
}

export function schemaSpec(): SchemaSpec {
    spec ??= JSON.parse(schemaText()) as SchemaSpec;
    return spec;
}
