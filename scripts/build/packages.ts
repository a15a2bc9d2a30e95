/**
 * WeChat's package split, read from app.json: the main package is every file outside the subpackage roots
 * (`subPackages[].root`, also spelled `subpackages`), `miniprogram_npm/` at the top included. A subpackage may require
 * files of the main package but not of another subpackage; the main package may not require subpackage files; an
 * independent subpackage (`independent: true`) may require nothing outside its own root.
 */
import path from 'node:path';
import { BuildError } from './fs-utils';

/** The main package's "root" in {@link PackageLayout} (subpackages are named by their root). */
export const MAIN_PACKAGE = '';

/** One subpackage of app.json. */
export interface Subpackage {
  /** Folder under the mini program root, without leading or trailing slashes (`packages/reviewer`). */
  root: string;
  /** Independent subpackages start without the main package and cannot use its files. */
  independent: boolean;
  /** Its pages, as paths from the mini program root (`packages/reviewer/pages/queue/queue`). */
  pages: string[];
}

/** Which package each file belongs to. */
export interface PackageLayout {
  /** Pages of the main package (`pages/home/home`). */
  mainPages: string[];
  subpackages: Subpackage[];
  /** The package of a path relative to the mini program root: {@link MAIN_PACKAGE} or a subpackage root. */
  packageOf(rel: string): string;
  /** Whether `root` names an independent subpackage. */
  isIndependent(root: string): boolean;
  /** Whether code of package `from` may load a file of package `to` (require, `<import>`, `@import`, components). */
  canUse(from: string, to: string): boolean;
}

/** A package for messages: 主包, 分包「x」, 独立分包「x」. */
export function packageLabel(layout: PackageLayout, root: string): string {
  if (root === MAIN_PACKAGE) return '主包';
  return `${layout.isIndependent(root) ? '独立分包' : '分包'}「${root}」`;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((p): p is string => typeof p === 'string') : [];
}

/** Reads the package split of a parsed app.json; refuses roots WeChat refuses (empty, `..`, nested, repeated). */
export function packageLayout(appJson: unknown): PackageLayout {
  const app = (appJson ?? {}) as { pages?: unknown; subpackages?: unknown; subPackages?: unknown };
  const raw = Array.isArray(app.subPackages) ? app.subPackages : Array.isArray(app.subpackages) ? app.subpackages : [];
  const subpackages: Subpackage[] = raw.map((s: unknown) => {
    const entry = (s ?? {}) as { root?: unknown; pages?: unknown; independent?: unknown };
    const root =
      typeof entry.root === 'string'
        ? path.posix.normalize(entry.root.replace(/\\/g, '/')).replace(/^\.?\/+|\/+$/g, '')
        : '';
    if (!root || root === '.' || root.split('/').includes('..')) {
      throw new BuildError(`app.json 的分包 root 不合法：${JSON.stringify(entry.root)}`);
    }
    return {
      root,
      independent: entry.independent === true,
      pages: strings(entry.pages).map((p) => `${root}/${p.replace(/^\/+/, '')}`),
    };
  });
  for (const a of subpackages) {
    for (const b of subpackages) {
      if (a !== b && (a.root === b.root || b.root.startsWith(`${a.root}/`))) {
        throw new BuildError(`app.json 的分包 root 重复或嵌套：${a.root} 与 ${b.root}`);
      }
    }
  }
  const independent = new Set(subpackages.filter((s) => s.independent).map((s) => s.root));
  const packageOf = (rel: string): string => {
    const p = rel.split(path.sep).join('/');
    for (const s of subpackages) if (p === s.root || p.startsWith(`${s.root}/`)) return s.root;
    return MAIN_PACKAGE;
  };
  return {
    mainPages: strings(app.pages),
    subpackages,
    packageOf,
    isIndependent: (root) => independent.has(root),
    canUse: (from, to) => from === to || (to === MAIN_PACKAGE && !independent.has(from)),
  };
}
