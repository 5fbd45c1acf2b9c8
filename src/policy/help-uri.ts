/**
 * The documentation page of a built-in policy (docs/rules/<id>.md, `npm run docs`): the `helpUri` of
 * its findings. SARIF requires an absolute URI, so it is either a GitHub blob URL, when package.json
 * names a GitHub repository (`repository`, else `homepage`), or the `file:` URL of the page in the
 * installed package, which exists and opens locally. No host is made up.
 */
import { readFileSync } from 'node:fs';
import { POLICY_MODULES } from '../rules/registry.generated.js';
import { PACKAGE_ROOT } from '../package-root.js';

const RULES_PATH = 'docs/rules/';

export interface PackageLinks {
  repository?: string | { type?: string; url?: string; directory?: string };
  homepage?: string;
}

/** `owner/name` of a GitHub repository in any form package.json allows, else undefined. */
function githubRepo(spec: string): string | undefined {
  const m =
    /^(?:github:)?([\w.-]+)\/([\w.-]+?)(?:\.git)?(?:#.*)?$/.exec(spec) ?? // owner/name, github:owner/name
    /^(?:git\+)?(?:https?|git|ssh):\/\/(?:[^@/]+@)?(?:www\.)?github\.com[/:]([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?(?:[#?].*)?$/.exec(spec) ??
    /^git@github\.com:([\w.-]+)\/([\w.-]+?)(?:\.git)?$/.exec(spec);
  return m ? `${m[1]}/${m[2]}` : undefined;
}

/**
 * Where the rule pages are, ending in `/`: on GitHub at the default branch (`blob/HEAD`, which
 * GitHub resolves), under `repository.directory` for a package in a monorepo; else in the package.
 */
export function rulesBase(pkg: PackageLinks, packageRoot: URL = PACKAGE_ROOT): string {
  const repository = typeof pkg.repository === 'string' ? { url: pkg.repository } : pkg.repository;
  const fromRepository = repository?.url ? githubRepo(repository.url) : undefined;
  const repo = fromRepository ?? (pkg.homepage ? githubRepo(pkg.homepage) : undefined);
  if (repo) {
    const directory = fromRepository && repository?.directory ? repository.directory.replace(/^\/+|\/+$/g, '') + '/' : '';
    return `https://github.com/${repo}/blob/HEAD/${directory}${RULES_PATH}`;
  }
  return new URL(RULES_PATH, packageRoot).href;
}

let base: string | undefined;

/** The absolute URI of a built-in policy's page (see hasHelpPage). */
export function helpUri(policyId: string): string {
  if (base === undefined) {
    let pkg: PackageLinks = {};
    try {
      pkg = JSON.parse(readFileSync(new URL('package.json', PACKAGE_ROOT), 'utf8')) as PackageLinks;
    } catch {
      // no readable package.json: the page in this installation
    }
    base = rulesBase(pkg);
  }
  return base + encodeURIComponent(policyId) + '.md';
}

/** Only built-in policies have a page; custom policies (--policies) do not. */
export function hasHelpPage(policyId: string): boolean {
  return Object.hasOwn(POLICY_MODULES, policyId);
}
