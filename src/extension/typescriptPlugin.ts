// A TypeScript server plugin (contributes.typescriptServerPlugins): when a file imports
// `@tensorflow/tfjs` (or one of its packages) or `descent` and the workspace has no such package,
// the import resolves to the type definitions shipped beside this plugin. Scratch files get
// completion, hovers and checked configs with nothing installed; a workspace's own packages win.
import type * as ts from 'typescript/lib/tsserverlibrary';

const SHIPPED_MODULE = /^(@tensorflow\/tfjs(-[a-z-]+)?|descent)(\/|$)/;

/** Resolving from here finds the shipped packages in types/node_modules. */
const SHIPPED_TYPES_ANCHOR = `${__dirname}/types/index.d.ts`;

function init({ typescript }: { typescript: typeof ts }): ts.server.PluginModule {
  return {
    create(info) {
      const host = info.languageServiceHost;
      const resolve = host.resolveModuleNameLiterals?.bind(host);
      if (!resolve) {
        info.project.projectService.logger.info('descent-typescript-plugin: this TypeScript resolves modules another way; not active');
        return info.languageService;
      }
      const moduleHost = info.project;
      host.resolveModuleNameLiterals = (literals, containingFile, redirectedReference, options, ...rest) => {
        const resolved = resolve(literals, containingFile, redirectedReference, options, ...rest);
        return resolved.map((result, index) => {
          const name = literals[index]?.text ?? '';
          if (result.resolvedModule || !SHIPPED_MODULE.test(name)) return result;
          const shipped = typescript.resolveModuleName(name, SHIPPED_TYPES_ANCHOR, { ...options, moduleResolution: typescript.ModuleResolutionKind.Node10 }, moduleHost);
          return shipped.resolvedModule ? shipped : result;
        });
      };
      return info.languageService;
    },
  };
}

// tsserver requires the plugin and calls what it exports.
module.exports = init;
