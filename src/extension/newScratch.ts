// Descent: New Optimization Scratch and Descent: Open Example — an example from media/examples in
// a new file, ready to run.
import * as vscode from 'vscode';

export interface Example {
  /** Its file in media/examples, without the extension. */
  name: string;
  /** The new file's name, without the extension. */
  fileName: string;
  description: string;
}

export const EXAMPLES: readonly Example[] = [
  { name: 'lesson', fileName: 'scratch', description: "The lesson's problem: sgd takes x from 4.12 towards 0" },
  { name: 'lesson-code', fileName: 'lesson-code', description: "The lesson's own code: a loop of optimizer.minimize" },
  { name: 'learning-rates', fileName: 'learning-rates', description: 'The same sgd run at four learning rates' },
  { name: 'compare-optimizers', fileName: 'compare-optimizers', description: 'sgd, momentum, adam and rmsprop overlaid' },
  { name: 'rosenbrock', fileName: 'rosenbrock', description: "Rosenbrock's valley: six optimizers race to (1, 1)" },
  { name: 'beale', fileName: 'beale', description: "Beale's function: six optimizers race to (3, 0.5)" },
  { name: 'saddle-point', fileName: 'saddle-point', description: 'A saddle point: which optimizers roll off it' },
  { name: 'line-fit', fileName: 'line-fit', description: 'Two variables: fit a line to noisy points with adam' },
];

const LESSON = EXAMPLES[0];

export function findExample(name: unknown): Example | undefined {
  return EXAMPLES.find((example) => example.name === name);
}

export async function pickExample(): Promise<Example | undefined> {
  const picked = await vscode.window.showQuickPick(
    EXAMPLES.map((example) => ({ label: example.name, description: example.description, example })),
    { title: 'Descent: Open Example', placeHolder: 'An example scratch file to open as a new file' },
  );
  return picked?.example;
}

export async function createScratch(extensionUri: vscode.Uri, example: Example = LESSON): Promise<vscode.TextEditor> {
  const text = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'media', 'examples', `${example.name}.ts`));
  const content = new TextDecoder().decode(text);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const document = folder
    ? await vscode.workspace.openTextDocument(await writeNew(folder, example.fileName, content))
    : await vscode.workspace.openTextDocument({ language: 'typescript', content });
  return vscode.window.showTextDocument(document);
}

/** Writes <name>.ts in the folder, or <name>-2.ts, <name>-3.ts … when that name is taken. */
async function writeNew(folder: vscode.Uri, name: string, content: string): Promise<vscode.Uri> {
  for (let n = 1; ; n++) {
    const uri = vscode.Uri.joinPath(folder, n === 1 ? `${name}.ts` : `${name}-${n}.ts`);
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
