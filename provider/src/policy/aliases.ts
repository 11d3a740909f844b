import { KmsKeyError, show } from "./errors";

const ALIAS_PATTERN = /^[a-zA-Z0-9:/_-]{1,256}$/;

/**
 * Normalizes an alias name with CDK's Alias rules and messages: `alias/` is prepended when missing
 * (case-sensitive), then the name must have something after `alias/`, must not start with `alias/aws/`
 * (in any case), and must match [a-zA-Z0-9:/_-] with at most 256 characters in all.
 */
export function normalizeAliasName(value: unknown, property: string): string {
    if (typeof value !== "string") {
        throw new KmsKeyError(property, `${property}: an alias name must be a string, got ${show(value)}`);
    }
    const name = value.startsWith("alias/") ? value : `alias/${value}`;
    if (name === "alias/") {
        throw new KmsKeyError(property, `Alias must include a value after "alias/": ${name} (${property})`);
    }
    if (name.toLocaleLowerCase().startsWith("alias/aws/")) {
        throw new KmsKeyError(property, `Alias cannot start with alias/aws/: ${name} (${property}; that prefix is reserved for AWS managed keys)`);
    }
    if (!ALIAS_PATTERN.test(name)) {
        throw new KmsKeyError(property,
            `Alias name must be between 1 and 256 characters in a-zA-Z0-9:/_- (${property}: ${JSON.stringify(name)} has ${name.length} characters)`);
    }
    return name;
}

/** Normalizes `alias` and `aliases` in that order; a name given twice is an error, never two aliases. */
export function normalizeAliasNames(alias: unknown, aliases: unknown): string[] {
    const given: [string, unknown][] = [];
    if (alias !== undefined) given.push(["alias", alias]);
    if (aliases !== undefined) {
        if (!Array.isArray(aliases)) {
            throw new KmsKeyError("aliases", `aliases: expected a list of alias names, got ${show(aliases)}`);
        }
        aliases.forEach((a, i) => given.push([`aliases[${i}]`, a]));
    }
    const seen = new Map<string, string>();
    for (const [property, value] of given) {
        const name = normalizeAliasName(value, property);
        const first = seen.get(name);
        if (first) {
            throw new KmsKeyError(property, `${property}: alias ${name} is already given by ${first}; each alias name may appear once`);
        }
        seen.set(name, property);
    }
    return [...seen.keys()];
}
