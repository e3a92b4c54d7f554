// Build the partial plotly.js bundles with esbuild: a core bundle (plotly.js core plus the
// given trace types, exposed as window.Plotly) and, optionally, an add-on holding further
// trace types that registers them into the already-loaded core.
//   node plotly_bundle.mjs <project dir> <core file> <core types> [<add-on file> <add-on types>]
// Trace types are comma-separated. Run by briefing.site.plotly_bundle during the book build;
// plotly.js and esbuild come from the project's node_modules (pinned in package.json and
// package-lock.json).
//
// The add-on must use the core's own module instances (one trace registry, one lib), never
// copies. So the core build also publishes, on window.Plotly._sharedModules, each core module
// the add-on imports, keyed by its path inside node_modules; the add-on build replaces every
// module that the core already holds with a one-line module reading that map. The set is
// found from esbuild's metafiles: first the core's modules, then the ones the add-on reaches.
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const [projectArg, coreFile, coreList, addonFile, addonList] = process.argv.slice(2);
const split = (list) => (list || "").split(",").filter(Boolean);
const coreTraces = split(coreList);
const addonTraces = split(addonList);
if (!projectArg || !coreFile || coreTraces.length === 0 || (addonFile && addonTraces.length === 0)) {
  console.error(
    "usage: node plotly_bundle.mjs <project dir> <core file> <core types> [<add-on file> <add-on types>]"
  );
  process.exit(2);
}
const projectDir = realpathSync(path.resolve(projectArg));
const require = createRequire(path.join(projectDir, "package.json"));
const esbuild = require("esbuild");
const nodeModules = realpathSync(path.join(projectDir, "node_modules"));
const SHARED = "_sharedModules";

/** A module's key in the shared map: its path inside node_modules, the same on every machine. */
function keyOf(file) {
  const inside = path.relative(nodeModules, file);
  const rel = inside.startsWith("..") ? path.relative(projectDir, file) : inside;
  return rel.split(path.sep).join("/");
}

// The map traces import maplibre's stylesheet; put it in the page as plotly's own build does.
const inlineCss = {
  name: "inline-css",
  setup(build) {
    build.onLoad({ filter: /\.css$/ }, (args) => ({
      contents:
        "var s = document.createElement('style');" +
        `s.textContent = ${JSON.stringify(readFileSync(args.path, "utf8"))};` +
        "document.head.appendChild(s);",
      loader: "js",
    }));
  },
};

const common = {
  absWorkingDir: projectDir,
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2016",
  legalComments: "none",
  loader: { ".glsl": "text" },
  alias: { regl: "@plotly/regl", stream: "stream-browserify" },
  define: { global: "window", "define.amd": "false", "process.env.NODE_DEBUG": "false" },
  logLevel: "error",
};

const traceRequires = (traces) => traces.map((t) => `  require(${JSON.stringify(`plotly.js/lib/${t}`)}),`);

function coreOptions(shared, extra) {
  const lines = ["var Plotly = require('plotly.js/lib/core');", "Plotly.register([", ...traceRequires(coreTraces), "]);"];
  if (shared) {
    lines.push(`Plotly.${SHARED} = {`);
    for (const [key, file] of [...shared].sort()) {
      lines.push(`  ${JSON.stringify(key)}: require(${JSON.stringify(file)}),`);
    }
    lines.push("};");
  }
  lines.push("module.exports = Plotly;");
  return {
    ...common,
    ...extra,
    stdin: { contents: lines.join("\n"), resolveDir: projectDir, sourcefile: "plotly-core.js" },
    globalName: "Plotly",
    banner: { js: `/* plotly.js (MIT licence), partial bundle: ${coreTraces.join(", ")} */` },
    plugins: [inlineCss],
  };
}

/** Absolute paths of the files a build read (its metafile's inputs). */
function inputFiles(metafile) {
  return new Set(
    Object.keys(metafile.inputs)
      .map((p) => path.resolve(projectDir, p))
      .filter((p) => existsSync(p))
  );
}

if (!addonFile) {
  await esbuild.build(coreOptions(null, { outfile: coreFile }));
  process.exit(0);
}

// 1. The modules the core holds.
const probe = await esbuild.build(coreOptions(null, { write: false, metafile: true, outfile: coreFile }));
const coreInputs = inputFiles(probe.metafile);

// 2. The add-on: every module the core already holds is taken from the core.
const shared = new Map();
const fromCore = {
  name: "from-core",
  setup(build) {
    build.onLoad({ filter: /.*/ }, (args) => {
      if (args.namespace !== "file" || !coreInputs.has(args.path)) return undefined;
      const key = keyOf(args.path);
      shared.set(key, args.path);
      return { contents: `module.exports = window.Plotly.${SHARED}[${JSON.stringify(key)}];`, loader: "js" };
    });
  },
};
const addonEntry = [
  `if (!window.Plotly || !window.Plotly.${SHARED}) {`,
  `  throw new Error("plotly.js add-on (${addonTraces.join(", ")}): load the core bundle first");`,
  "}",
  "window.Plotly.register([",
  ...traceRequires(addonTraces),
  "]);",
].join("\n");
await esbuild.build({
  ...common,
  stdin: { contents: addonEntry, resolveDir: projectDir, sourcefile: "plotly-addon.js" },
  outfile: addonFile,
  banner: {
    js: `/* plotly.js (MIT licence), partial bundle add-on: ${addonTraces.join(", ")}; needs the core bundle */`,
  },
  plugins: [fromCore, inlineCss],
});
if (!shared.size) {
  console.error("the add-on shares no module with the core: it would carry a second plotly.js");
  process.exit(1);
}

// 3. The core, publishing the modules the add-on takes from it; it must hold nothing more.
const core = await esbuild.build(coreOptions(shared, { outfile: coreFile, metafile: true }));
const extra = [...inputFiles(core.metafile)].filter((f) => !coreInputs.has(f));
if (extra.length) {
  console.error(`publishing the shared modules pulled new code into the core: ${extra.map(keyOf).join(", ")}`);
  process.exit(1);
}
