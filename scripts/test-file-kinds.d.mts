/** Types for scripts/test-file-kinds.mjs (plain JavaScript so scripts/test.mjs can share it; allowJs is off). */
export declare function classifyTestFiles(root: string): { pure: string[]; database: string[] };
export declare function exactGlob(file: string): string;
export declare function splitByModuleSharing(
  root: string,
  files: string[],
): { shared: string[]; isolated: string[]; appHarness: string[] };
