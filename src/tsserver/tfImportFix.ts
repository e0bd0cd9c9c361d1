// A module that names the global `tf` gets TypeScript's "refers to a UMD global" error, whose quick
// fix imports the file that declares the global: the declaration shipped beside this plugin, by a
// path into the extension. The import a learner wants is tfjs's own, so those fixes import that.
import type * as ts from 'typescript/lib/tsserverlibrary';

const TFJS_IMPORT = "import * as tf from '@tensorflow/tfjs';";
const TFJS_SPECIFIER = '"@tensorflow/tfjs"';
/** A quoted module specifier that names the shipped declaration (tf-global.d.ts). */
const DECLARATION_SPECIFIER = /(['"])[^'"\n]*\/types\/tf-global\1/;
/** The whole line of an import (or require) of it. */
const DECLARATION_IMPORT = new RegExp(`^.*${DECLARATION_SPECIFIER.source}.*$`, 'm');

/** Makes `languageService`'s quick fixes that import the shipped declaration import `@tensorflow/tfjs` instead. */
export function importTfjsInFixes(languageService: ts.LanguageService): void {
  const fixes = languageService.getCodeFixesAtPosition.bind(languageService);
  languageService.getCodeFixesAtPosition = (...args) =>
    fixes(...args).map((fix) => ({ ...fix, description: fix.description.replace(DECLARATION_SPECIFIER, TFJS_SPECIFIER), changes: importTfjs(fix.changes) }));
  const combined = languageService.getCombinedCodeFix.bind(languageService);
  languageService.getCombinedCodeFix = (...args) => {
    const fix = combined(...args);
    return { ...fix, changes: importTfjs(fix.changes) };
  };
}

function importTfjs(changes: readonly ts.FileTextChanges[]): ts.FileTextChanges[] {
  return changes.map((file) => ({
    ...file,
    textChanges: file.textChanges.map((change) => ({ ...change, newText: change.newText.replace(DECLARATION_IMPORT, TFJS_IMPORT) })),
  }));
}
