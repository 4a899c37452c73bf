import type { BuildOptions } from 'esbuild';
export declare function preloadBuildOptions(root: string): BuildOptions & { outfile: string };
