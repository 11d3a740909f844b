// Starts a stand-in provider (tests/support/fakeAwsProvider.ts for `aws`, fakeAwsNativeProvider.ts for
// `aws-native`) in its own process, forwarding to a moto endpoint, for the engine to attach with
// PULUMI_DEBUG_PROVIDERS=<package>:<port>. Every gRPC call it serves is logged as a JSON line in a file, so
// tests can assert what the engine asked for.
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { waitForPort } from "./port";
import { stopChild } from "./moto";

const repoRoot = path.join(__dirname, "..", "..");

export interface FakeAwsCall {
    method: string;
    type?: string;
    name?: string;
    id?: string;
    token?: string;
    [key: string]: unknown;
}

export interface FakeAws {
    port: number;
    /** `<package>:<port>`, for PULUMI_DEBUG_PROVIDERS (several stand-ins: joined with commas). */
    debugProviders: string;
    process: ChildProcess;
    /** The calls served so far, oldest first. */
    calls(): FakeAwsCall[];
    /** Forgets the calls logged so far. */
    clearCalls(): void;
    stderr(): string;
    stop(): Promise<void>;
}

/** The stand-in aws provider. */
export function startFakeAws(motoEndpoint: string, timeoutMs = 60000): Promise<FakeAws> {
    return startStandIn("aws", "fakeAwsProvider.ts", motoEndpoint, timeoutMs);
}

/** A stand-in provider for `pkg`, served by the file `entry` of tests/support. */
export function startStandIn(pkg: string, entry: string, motoEndpoint: string, timeoutMs = 60000): Promise<FakeAws> {
    const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), `kmskey-fake-${pkg}-`)), "calls.jsonl");
    fs.writeFileSync(logFile, "");
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(__dirname, entry)], {
        cwd: repoRoot,
        env: {
            ...process.env,
            TS_NODE_PROJECT: path.join(repoRoot, "tests", "tsconfig.json"),
            KMSKEY_FAKE_AWS_ENDPOINT: motoEndpoint,
            KMSKEY_FAKE_AWS_LOG: logFile,
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        },
        stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += String(d)));
    return waitForPort(child, `the stand-in ${pkg} provider`, timeoutMs, () => stderr).then((port) => ({
        port,
        debugProviders: `${pkg}:${port}`,
        process: child,
        calls: () => fs.readFileSync(logFile, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as FakeAwsCall),
        clearCalls: () => fs.writeFileSync(logFile, ""),
        stderr: () => stderr,
        stop: async () => {
            await stopChild(child);
            fs.rmSync(path.dirname(logFile), { recursive: true, force: true });
        },
    }));
}
