// Descent: New Optimization Scratch — the lesson's example in a new file, ready to run.
import * as vscode from 'vscode';

export async function createScratch(extensionUri: vscode.Uri): Promise<vscode.TextEditor> {
  const example = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'media', 'examples', 'lesson.ts'));
  const content = new TextDecoder().decode(example);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const document = folder
    ? await vscode.workspace.openTextDocument(await writeNew(folder, content))
    : await vscode.workspace.openTextDocument({ language: 'typescript', content });
  return vscode.window.showTextDocument(document);
}

/** Writes scratch.ts in the folder, or scratch-2.ts, scratch-3.ts … when that name is taken. */
async function writeNew(folder: vscode.Uri, content: string): Promise<vscode.Uri> {
  for (let n = 1; ; n++) {
    const uri = vscode.Uri.joinPath(folder, n === 1 ? 'scratch.ts' : `scratch-${n}.ts`);
    const exists = await vscode.workspace.fs.stat(uri).then(
      () => true,
      () => false,
    );
    if (!exists) {
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
      return uri;
    }
  }
}
