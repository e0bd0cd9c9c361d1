// Whether code-server is already in the cache the e2e install script fills, without installing
// it: the quick bench skips the cold-start figures rather than spend minutes installing.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/repoRoot';

const INSTALL_SCRIPT = join(REPO_ROOT, 'test', 'e2e', 'install-code-server.sh');

/** The version comes from the install script itself; the cache folder follows the same variables it reads. */
export function codeServerInstalled(): boolean {
  const script = readFileSync(INSTALL_SCRIPT, 'utf8');
  const version = process.env.CODE_SERVER_VERSION ?? /CODE_SERVER_VERSION:-([^}"]+)/.exec(script)?.[1];
  if (!version) return false;
  const cache = process.env.DESCENT_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'descent');
  return existsSync(join(cache, `code-server-${version}`, '.complete'));
}
