// Build a partial plotly.js bundle with esbuild: plotly.js core plus the given trace types.
//   node plotly_bundle.mjs <project dir> <output file> <trace type>...
// Run by briefing.site.plotly_bundle during the book build; plotly.js and esbuild come
// from the project's node_modules (pinned in package.json and package-lock.json).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const [projectDir, outfile, ...traces] = process.argv.slice(2);
if (!projectDir || !outfile || traces.length === 0) {
  console.error("usage: node plotly_bundle.mjs <project dir> <output file> <trace type>...");
  process.exit(2);
}
const require = createRequire(path.join(path.resolve(projectDir), "package.json"));
const esbuild = require("esbuild");

const entry = [
  "var Plotly = require('plotly.js/lib/core');",
  "Plotly.register([",
  ...traces.map((t) => `  require(${JSON.stringify(`plotly.js/lib/${t}`)}),`),
  "]);",
  "module.exports = Plotly;",
].join("\n");

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

await esbuild.build({
  stdin: { contents: entry, resolveDir: path.resolve(projectDir), sourcefile: "plotly-partial.js" },
  outfile,
  bundle: true,
  minify: true,
  format: "iife",
  globalName: "Plotly",
  target: "es2016",
  legalComments: "none",
  banner: { js: `/* plotly.js (MIT licence), partial bundle: ${traces.join(", ")} */` },
  plugins: [inlineCss],
  loader: { ".glsl": "text" },
  alias: { regl: "@plotly/regl", stream: "stream-browserify" },
  define: { global: "window", "define.amd": "false", "process.env.NODE_DEBUG": "false" },
  logLevel: "error",
});
