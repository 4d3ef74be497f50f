import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { precompressDirectory } from "./scripts/lib/precompress.ts";

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

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    // No source maps in the served build: they would publish the whole source; `npm run dev` has its own.
    sourcemap: false,
    rolldownOptions: {
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
});
