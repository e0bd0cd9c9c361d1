// A TypeScript server plugin (contributes.typescriptServerPlugins): when a file imports
// `@tensorflow/tfjs` (or one of its packages) or `descent` and the workspace has no such package,
// the import resolves to the type definitions shipped beside this plugin. Scratch files get
// completion, hovers and checked configs with nothing installed; a workspace's own packages win.
// A script that names the global `tf`, as the course's scratch.js does, gets tfjs there too.
import { join } from 'node:path';
import type * as ts from 'typescript/lib/tsserverlibrary';
import { offerGlobalTf } from './globalTf';
import { importTfjsInFixes } from './tfImportFix';

const SHIPPED_MODULE = /^(@tensorflow\/tfjs(-[a-z-]+)?|descent)(\/|$)/;

/** Resolving from here finds the shipped packages in types/node_modules. */
const SHIPPED_TYPES_ANCHOR = join(__dirname, 'types', 'index.d.ts');

function init({ typescript }: { typescript: typeof ts }): ts.server.PluginModule {
  // Normalized as the program names its files, so that resolving its imports can tell it apart.
  const globalTf = typescript.server.toNormalizedPath(join(__dirname, 'types', 'tf-global.d.ts'));
  return {
    create(info) {
      const host = info.languageServiceHost;
      const resolve = host.resolveModuleNameLiterals?.bind(host);
      if (!resolve) {
        info.project.projectService.logger.info('descent-typescript-plugin: this TypeScript resolves modules another way; not active');
        return info.languageService;
      }
      const project = info.project;
      const shipped = (name: string, options: ts.CompilerOptions) =>
        typescript.resolveModuleName(name, SHIPPED_TYPES_ANCHOR, { ...options, moduleResolution: typescript.ModuleResolutionKind.Node10 }, project);
      // The global's tfjs is the workspace's own where it has one, as an import's is: resolved as
      // from a file in the project's folder.
      const fromWorkspace = (name: string, options: ts.CompilerOptions) =>
        typescript.resolveModuleName(name, join(project.getCurrentDirectory(), 'index.ts'), options, project);
      host.resolveModuleNameLiterals = (literals, containingFile, redirectedReference, options, ...rest) => {
        if (containingFile === globalTf) {
          return literals.map(({ text }) => {
            const own = fromWorkspace(text, options);
            return own.resolvedModule ? own : shipped(text, options);
          });
        }
        const resolved = resolve(literals, containingFile, redirectedReference, options, ...rest);
        return resolved.map((result, index) => {
          const name = literals[index]?.text ?? '';
          if (result.resolvedModule || !SHIPPED_MODULE.test(name)) return result;
          const fallback = shipped(name, options);
          return fallback.resolvedModule ? fallback : result;
        });
      };
      offerGlobalTf(project, globalTf);
      importTfjsInFixes(info.languageService);
      return info.languageService;
    },
  };
}

// tsserver requires the plugin and calls what it exports.
module.exports = init;
