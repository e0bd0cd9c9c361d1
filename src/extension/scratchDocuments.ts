// Which documents Descent runs: TypeScript and JavaScript files, and the course's HTML pages, those
// that load tfjs with a script tag.
import type * as vscode from 'vscode';
import { pageRunAnchorOffset } from '../shared/scratchText';

const SCRIPT_LANGUAGES = ['typescript', 'javascript'];

/** The languages whose files may be scratches, for the CodeLens. */
export const SCRATCH_LANGUAGES = [...SCRIPT_LANGUAGES, 'html'];

export function isScriptDocument(document: vscode.TextDocument): boolean {
  return SCRIPT_LANGUAGES.includes(document.languageId);
}

export function isCoursePage(document: vscode.TextDocument): boolean {
  return document.languageId === 'html' && pageRunAnchorOffset(document.getText()) !== null;
}

export function isScratchDocument(document: vscode.TextDocument): boolean {
  return isScriptDocument(document) || isCoursePage(document);
}
