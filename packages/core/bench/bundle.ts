/**
 * How every bundle figure of core is measured: what an app importing `run`, `ok` and
 * `createWorkflow` ships (esbuild --bundle --minify, then gzip). Used by the bench's bundle table,
 * the per-module breakdown (`pnpm bench:bundle`) and the size budget run by `pnpm test`.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, type BuildOptions, type Metafile } from "esbuild";

/** packages/core */
export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The sources' public entry. */
export const sourceEntry = join(packageRoot, "src", "index.ts");

/** An app module that imports and uses `run`, `ok` and `createWorkflow` from `from`. */
export const coreImport = (from: string): string =>
  `import { run, ok, createWorkflow } from ${JSON.stringify(from)}; console.log(run, ok, createWorkflow);`;

/** One measured bundle: its code, minified and gzipped sizes, and esbuild's metafile. */
export interface Bundle {
  code: string;
  minBytes: number;
  gzipBytes: number;
  metafile: Metafile;
}

/** Bundles `contents` (an app module, resolved from packages/core) as the bench measures it. */
export async function measureBundle(
  contents: string,
  options: Pick<BuildOptions, "minify" | "minifyIdentifiers" | "minifySyntax"> = { minify: true },
): Promise<Bundle> {
  const out = await build({
    stdin: { contents, resolveDir: packageRoot, loader: "js" },
    bundle: true,
    ...options,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const file = out.outputFiles[0];
  if (file === undefined) throw new Error("bench: esbuild wrote no bundle");
  return {
    code: file.text,
    minBytes: file.contents.length,
    gzipBytes: gzipSync(file.contents).length,
    metafile: out.metafile,
  };
}
