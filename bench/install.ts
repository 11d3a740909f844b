// The plugin's install as the Pulumi CLI does it (`make bench` runs benchInstall() from bench/run.ts;
// standalone: `make bench-install`). Budget: <= 200 MB on disk and <= 45 s from an empty node_modules with a
// warm npm cache, and a start-up no slower than a bare @pulumi/pulumi load.
//  - A fresh clone of HEAD (what `pulumi package add github.com/<org>/kmskey@v<version>` clones), then exactly the
//    command the nodejs language host runs in the plugin directory: `npm install --loglevel=error --production`
//    (production: true in PulumiPlugin.yaml; pulumi/pulumi sdk/nodejs/npm/npm.go installCmd), whose prepare
//    script builds provider/bin. One warm-up install fills npm's cache; then each run starts from a new clone.
//  - Size: `du` of node_modules (disk usage, as the budget counts it) and its apparent size.
//  - Start-up from that install, as the engine runs it (its executable pulumi-resource-kmskey, cwd an empty
//    consumer directory, no NODE_PATH): spawn to the GetSchema answer, against `node -e 'require("@pulumi/pulumi")'`
//    from the clone, alternating, medians.
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startFakeEngine } from "../tests/support/fakeEngine";
import { cloneRepository, startPlugin } from "../tests/support/plugin";

const RUNS = Number(process.env.BENCH_INSTALL_RUNS ?? 3);
const STARTS = Number(process.env.BENCH_STARTS ?? 9);
export const INSTALL_COMMAND = ["npm", "install", "--loglevel=error", "--production"];

const now = () => Number(process.hrtime.bigint()) / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The environment without the Makefile's NODE_PATH (to the development tools): the plugin sees only its install. */
function pluginEnv(): NodeJS.ProcessEnv {
    const env = { ...process.env };
    delete env.NODE_PATH;
    return env;
}

function install(dir: string): number {
    const start = now();
    execFileSync(INSTALL_COMMAND[0], INSTALL_COMMAND.slice(1), { cwd: dir, env: pluginEnv(), stdio: ["ignore", "ignore", "inherit"] });
    return now() - start;
}

/** Disk usage and apparent size of a directory, in MB (1e6 bytes), from du. */
function du(dir: string): { disk: number; apparent: number } {
    const kib = (args: string[]) => Number(execFileSync("du", [...args, dir], { encoding: "utf8" }).split("\t")[0]);
    return { disk: (kib(["-sk"]) * 1024) / 1e6, apparent: (kib(["-sk", "--apparent-size"]) * 1024) / 1e6 };
}

function bareRequire(dir: string): Promise<number> {
    return new Promise((resolve, reject) => {
        const start = now();
        const child = spawn(process.execPath, ["-e", 'require("@pulumi/pulumi")'], { cwd: dir, env: pluginEnv(), stdio: "ignore" });
        child.on("error", reject);
        child.on("exit", (code) => (code === 0 ? resolve(now() - start) : reject(new Error(`bare require exited ${code}`))));
    });
}

export async function benchInstall(): Promise<string[]> {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "kmskey-bench-install-"));
    try {
        install(cloneRepository(path.join(work, "warm-up")));
        const times: number[] = [];
        let dir = "";
        for (let i = 0; i < RUNS; i++) {
            dir = cloneRepository(path.join(work, `run-${i}`));
            times.push(install(dir));
        }
        const size = du(path.join(dir, "node_modules"));
        const packages = Object.keys(JSON.parse(fs.readFileSync(path.join(dir, "node_modules", ".package-lock.json"), "utf8")).packages).length;

        const consumer = fs.mkdtempSync(path.join(work, "consumer-"));
        const engine = await startFakeEngine();
        const bare: number[] = [];
        const start: number[] = [];
        try {
            await bareRequire(dir); // the file cache
            for (let i = 0; i < STARTS; i++) {
                bare.push(await bareRequire(dir));
                const t = now();
                const plugin = await startPlugin({ engineAddress: engine.address, dir, cwd: consumer, env: pluginEnv() });
                try {
                    if (!(await plugin.client.getSchema()).startsWith("{")) throw new Error("bad schema");
                    start.push(now() - t);
                } finally {
                    await plugin.stop();
                }
            }
        } finally {
            await engine.stop();
        }
        return [
            `Plugin install as Pulumi does it (fresh clone of HEAD, ${INSTALL_COMMAND.join(" ")}, warm npm cache; median of ${RUNS})`,
            `  install time:                                              ${(median(times) / 1000).toFixed(1).padStart(6)} s   (budget 45 s)`,
            `  node_modules on disk (du):                                 ${size.disk.toFixed(0).padStart(6)} MB  (budget 200 MB; apparent size ${size.apparent.toFixed(0)} MB, ${packages} packages)`,
            `  start-up from the install, spawn to GetSchema answer:      ${median(start).toFixed(0).padStart(6)} ms`,
            `  bare node -e 'require("@pulumi/pulumi")' from the install: ${median(bare).toFixed(0).padStart(6)} ms`,
            `  ratio start-up / bare @pulumi/pulumi: ${(median(start) / median(bare)).toFixed(2)} (medians of ${STARTS} alternating runs)`,
        ];
    } finally {
        fs.rmSync(work, { recursive: true, force: true });
    }
}

if (require.main === module) {
    benchInstall().then((lines) => lines.forEach((l) => console.log(l)), (e) => {
        console.error(e);
        process.exit(1);
    });
}
