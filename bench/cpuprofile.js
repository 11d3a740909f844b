// Preloaded into a Node.js process (NODE_OPTIONS="--require <checkout>/bench/cpuprofile.js", CPUPROF_DIR=<dir>) to
// write V8 CPU profiles of it: Node.js 20 refuses --cpu-prof in NODE_OPTIONS, and the engine's plugins never exit
// normally (the language host kills them), so a profile is written each time the process goes idle after being busy
// (<pid>-<n>.cpuprofile, one per busy stretch) and at exit. For bench/profile.ts; open them in Chrome's DevTools.
"use strict";
const fs = require("fs");
const inspector = require("inspector");

const dir = process.env.CPUPROF_DIR || ".";
fs.mkdirSync(dir, { recursive: true });
const session = new inspector.Session();
session.connect();
session.post("Profiler.enable");
session.post("Profiler.setSamplingInterval", { interval: 1000 }); // µs
session.post("Profiler.start");

let chunk = 0;
function write(restart) {
    // The inspector answers a session of the same thread synchronously.
    session.post("Profiler.stop", (err, res) => {
        if (!err) fs.writeFileSync(`${dir}/${process.pid}-${chunk++}.cpuprofile`, JSON.stringify(res.profile));
    });
    if (restart) session.post("Profiler.start");
}

// Busy: more than 20 ms of CPU in 200 ms; idle: under 3 ms.
let last = process.cpuUsage();
let busy = false;
setInterval(() => {
    const now = process.cpuUsage();
    const usedMs = (now.user - last.user + now.system - last.system) / 1000;
    last = now;
    if (usedMs > 20) busy = true;
    else if (busy && usedMs < 3) {
        busy = false;
        write(true);
    }
}, 200).unref();
process.on("exit", () => write(false));
