/** Where the sources live, relative to a project root (the repository, or a fixture in tests). */
import path from 'node:path';

/** Source roots of a project. */
export interface SourcePaths {
  root: string;
  miniprogram: string;
  cloudfunctions: string;
  shared: string;
  /** The client's door into all of shared/ (the full barrel: zod, policy data, holidays). */
  sharedBarrel: string;
  /** The client's light door into shared/ (no zod, no data), bundled for the main package. */
  sharedCore: string;
  nodeModules: string;
  packageJson: string;
}

/** The repository root (scripts/build/ is two levels down). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Source roots under `root`. */
export function sourcePaths(root: string = REPO_ROOT): SourcePaths {
  return {
    root,
    miniprogram: path.join(root, 'miniprogram'),
    cloudfunctions: path.join(root, 'cloudfunctions'),
    shared: path.join(root, 'shared'),
    sharedBarrel: path.join(root, 'shared', 'index.ts'),
    sharedCore: path.join(root, 'shared', 'core.ts'),
    nodeModules: path.join(root, 'node_modules'),
    packageJson: path.join(root, 'package.json'),
  };
}
