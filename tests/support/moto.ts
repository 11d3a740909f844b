// A moto server (local AWS emulator: KMS, IAM, STS) for the end-to-end tests, started on a free loopback
// port and stopped after. Installed by scripts/e2e/setup-moto.sh into .tools/moto-venv (`make test-e2e`
// runs it first). Clients use dummy credentials and us-east-1; moto's account is 123456789012.
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as net from "net";
import * as path from "path";
import { KMSClient } from "@aws-sdk/client-kms";
import { IAMClient } from "@aws-sdk/client-iam";
import { STSClient } from "@aws-sdk/client-sts";

// The SDK warns about Node.js < 22 on first use; the tests run on the project's Node.js 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

export const repoRoot = path.join(__dirname, "..", "..");
export const motoServerPath = path.join(repoRoot, ".tools", "moto-venv", "bin", "moto_server");
/** moto_server with its replicas given aliases and grants of their own (see the script). */
const motoServerScript = path.join(__dirname, "motoServer.py");

/** moto's default account (MOTO_ACCOUNT_ID). */
export const MOTO_ACCOUNT = "123456789012";
export const REGION = "us-east-1";
/** Dummy credentials: moto accepts anything. */
export const CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" };

export interface Moto {
    port: number;
    /** http://127.0.0.1:<port> */
    endpoint: string;
    kms: KMSClient;
    iam: IAMClient;
    sts: STSClient;
    /** Everything moto wrote to stdout/stderr so far (its request log). */
    log(): string;
    /** Forgets every resource (POST /moto-api/reset). */
    reset(): Promise<void>;
    stop(): Promise<void>;
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.unref();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const port = (server.address() as net.AddressInfo).port;
            server.close(() => resolve(port));
        });
    });
}

function request(port: number, method: string, urlPath: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
        const req = http.request({ host: "127.0.0.1", port, method, path: urlPath, timeout: 5000 }, (res) => {
            let body = "";
            res.on("data", (d) => (body += String(d)));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on("timeout", () => req.destroy(new Error("timeout")));
        req.on("error", reject);
        req.end();
    });
}

export function awsClientConfig(endpoint: string) {
    return { endpoint, region: REGION, credentials: CREDENTIALS, maxAttempts: 2 };
}

/** Starts `moto_server -H 127.0.0.1 -p <free port>` and waits until it answers. */
export async function startMoto(timeoutMs = 60000): Promise<Moto> {
    if (!fs.existsSync(motoServerPath)) {
        throw new Error(`${motoServerPath} is missing: run scripts/e2e/setup-moto.sh (make test-e2e does)`);
    }
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
        const port = await freePort();
        try {
            return await startOn(port, timeoutMs);
        } catch (e) {
            lastError = e; // the port may have been taken in between: try another
        }
    }
    throw lastError;
}

async function startOn(port: number, timeoutMs: number): Promise<Moto> {
    const python = path.join(path.dirname(motoServerPath), "python");
    const child: ChildProcess = spawn(python, [motoServerScript, "-H", "127.0.0.1", "-p", String(port)], {
        stdio: ["ignore", "pipe", "pipe"],
        // Never the caller's AWS settings; moto answers for its default account.
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", MOTO_ACCOUNT_ID: MOTO_ACCOUNT },
    });
    let output = "";
    child.stdout!.on("data", (d) => (output += String(d)));
    child.stderr!.on("data", (d) => (output += String(d)));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        if (child.exitCode !== null || child.signalCode !== null) {
            throw new Error(`moto_server exited (${child.exitCode ?? child.signalCode}): ${output}`);
        }
        try {
            const { status } = await request(port, "GET", "/moto-api/data.json");
            if (status === 200) break;
        } catch {
            // not listening yet
        }
        if (Date.now() > deadline) {
            child.kill("SIGKILL");
            throw new Error(`moto_server did not answer on 127.0.0.1:${port} within ${timeoutMs} ms: ${output}`);
        }
        await new Promise((r) => setTimeout(r, 200));
    }
    const endpoint = `http://127.0.0.1:${port}`;
    const config = awsClientConfig(endpoint);
    const kms = new KMSClient(config);
    const iam = new IAMClient(config);
    const sts = new STSClient(config);
    return {
        port, endpoint, kms, iam, sts,
        log: () => output,
        reset: async () => {
            const { status, body } = await request(port, "POST", "/moto-api/reset");
            if (status !== 200) throw new Error(`moto reset failed (${status}): ${body}`);
        },
        stop: () => {
            kms.destroy();
            iam.destroy();
            sts.destroy();
            return stopChild(child);
        },
    };
}

/** SIGTERM, then SIGKILL after 5 s. */
export function stopChild(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        child.once("exit", () => {
            clearTimeout(timer);
            resolve();
        });
        child.kill("SIGTERM");
    });
}
