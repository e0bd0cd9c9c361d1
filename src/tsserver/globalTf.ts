// The course's page loads tfjs with a script tag, so its scratch.js names the global `tf` with no
// import. TypeScript's rule for a UMD global (`export as namespace tf`) is the one wanted: script
// files see it, modules do not. A project's program gets that declaration once one of its open
// files looks like such a script, so no other project loads tfjs's thousand type files for it.
import type * as ts from 'typescript/lib/tsserverlibrary';

/** An import or export statement at the start of a line: a module (dynamic `import(` and `import.meta` aside). */
const MODULE_SYNTAX = /^\s*(?:import\s*[^\s(.]|export\b)/m;
const NAMES_TF = /\btf\b/;

/** Adds `declaration` to the root files of `project` from its first open course-style scratch on. */
export function offerGlobalTf(project: ts.server.Project, declaration: string): void {
  // Once offered it stays: a learner adding an import to the scratch does not make tfjs's types load again.
  let offered = false;
  const scriptFileNames = project.getScriptFileNames.bind(project);
  project.getScriptFileNames = () => {
    const names = scriptFileNames();
    offered ||= names.some((name) => looksLikeCourseScratch(project, name));
    return offered ? [...names, declaration] : names;
  };
}

/**
 * Whether `name` is open and its text names `tf` with no import or export. The text is read rather
 * than parsed, so this costs a regular expression per open file each time the project changes; the
 * declaration itself decides by TypeScript's own parse which files see `tf`.
 */
function looksLikeCourseScratch(project: ts.server.Project, name: string): boolean {
  const info = project.getScriptInfo(name);
  if (!info?.isScriptOpen()) return false;
  const snapshot = info.getSnapshot();
  const text = snapshot.getText(0, snapshot.getLength());
  return NAMES_TF.test(text) && !MODULE_SYNTAX.test(text);
}
