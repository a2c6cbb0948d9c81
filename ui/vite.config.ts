import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// The Tauri shell loads ui/dist in builds and this dev server (port 5173) under `tauri dev`.
export default defineConfig({
  plugins: [react()],
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
    // The chart font is the chart engine's own (crates/charts/assets/fonts), shared, not copied.
    fs: { allow: [".", "../crates/charts/assets/fonts"] },
  },
  build: { target: "es2022", outDir: "dist", emptyOutDir: true },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test/setup.ts"],
    css: false,
    // The App tests wait for the lazily loaded editor; on a loaded 2-core CI machine its first
    // import has taken over the default 5 s.
    testTimeout: 15_000,
  },
});
