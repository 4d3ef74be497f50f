import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { precompressDirectory } from "./scripts/lib/precompress.ts";
import { readSources, removeUnusedCss, type UsedClasses, usedClasses } from "./scripts/lib/unused-css.ts";

const apiServer = "http://localhost:3000";
const outDir = "dist/web";

/** Brotli and gzip copies of the built files, which the server sends as they are (see scripts/lib/precompress.ts). */
function precompress(): Plugin {
  return {
    name: "waypoint-precompress",
    apply: "build",
    async closeBundle() {
      await precompressDirectory(`${import.meta.dirname}/${outDir}`);
    },
  };
}

const bootRequests = "src/web/boot-requests.ts";

/**
 * The first page's requests (src/web/boot-requests.ts) as a script of their own in index.html, before the app's:
 * it imports nothing, so the browser runs it as soon as it has it, instead of after the whole module graph of the
 * app has been fetched and compiled (a module runs only once all its imports are ready). The app imports the same
 * file, which the browser runs once (one URL, one module).
 */
function bootScript(): Plugin {
  return {
    name: "waypoint-boot-script",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(_html, context) {
        const chunk = Object.values(context.bundle ?? {}).find(
          (item) => item.type === "chunk" && item.isEntry && item.facadeModuleId?.endsWith(bootRequests),
        );
        if (!chunk) throw new Error(`The build has no entry chunk for ${bootRequests}.`);
        return [
          { tag: "script", attrs: { type: "module", async: true, crossorigin: true, src: `/${chunk.fileName}` }, injectTo: "head-prepend" },
        ];
      },
    },
  };
}

/** The classes the web app's sources name, read once per build; radio and checkbox classes are built from their kind. */
let webClasses: UsedClasses | undefined;
const usedWebClasses = () => {
  webClasses ??= usedClasses(readSources([`${import.meta.dirname}/src/web`, `${import.meta.dirname}/index.html`]), [
    /^usa-(radio|checkbox)/,
  ]);
  return webClasses;
};

export default defineConfig(({ command }) => ({
  root: import.meta.dirname,
  plugins: [react(), bootScript(), precompress()],
  // The build keeps only the USWDS rules the app can use (scripts/lib/unused-css.ts); development serves it whole.
  css: { postcss: { plugins: command === "build" ? [removeUnusedCss(/[\\/]@uswds[\\/]uswds[\\/]/, usedWebClasses)] : [] } },
  build: {
    outDir,
    emptyOutDir: true,
    // No source maps in the served build: they would publish the whole source; `npm run dev` has its own.
    sourcemap: false,
    rolldownOptions: {
      input: { index: `${import.meta.dirname}/index.html`, "boot-requests": `${import.meta.dirname}/${bootRequests}` },
      output: {
        // The libraries every page needs, each in a chunk of its own: they change less often than the app, so a
        // browser keeps them cached across the app's releases.
        codeSplitting: {
          groups: [
            { name: "react", test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: "router", test: /node_modules[\\/]react-router[\\/]/ },
            { name: "query", test: /node_modules[\\/]@tanstack[\\/]/ },
            { name: "zod", test: /node_modules[\\/]zod[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      "/api": apiServer,
      "/healthz": apiServer,
      "/readyz": apiServer,
    },
  },
}));
