// The import rules of ARCHITECTURE.md: a folder says where its code runs and what it may import.
// Checked by test/unit/architecture.test.ts (npm test).
const NODE_BUILTINS = { dependencyTypes: ['core'] };
const ours = (...rooms) => ({ path: `^(${rooms.join('|')})/` });
const ROOMS = {
  shared: 'src/shared',
  compiler: 'src/compiler',
  trainer: 'src/trainer',
  node: 'src/node',
  extension: 'src/extension',
  desktop: 'src/desktop',
  web: 'src/web',
  cli: 'src/cli',
  tsserver: 'src/tsserver',
  webview: 'webview',
};
const others = (...allowed) => Object.entries(ROOMS).filter(([name]) => !allowed.includes(name)).map(([, folder]) => folder);

/** A room may import the rooms named, npm packages, and for Node rooms Node's own modules. */
const room = (name, { may, vscode = false, nodeBuiltins = false, tfjs = true }) => [
  {
    name: `${name}-imports-only-${may.length ? may.join('-') : 'itself'}`,
    comment: `${ROOMS[name]}/ may import ${may.length ? may.map((r) => ROOMS[r] + '/').join(', ') : 'nothing of ours'} and no other room`,
    severity: 'error',
    from: { path: `^${ROOMS[name]}/` },
    to: ours(...others(name, ...may)),
  },
  ...(vscode ? [] : [{ name: `${name}-no-vscode`, comment: `${ROOMS[name]}/ does not run in the VS Code host`, severity: 'error', from: { path: `^${ROOMS[name]}/` }, to: { path: '^vscode$|node_modules/@types/vscode/' } }]),
  ...(nodeBuiltins ? [] : [{ name: `${name}-no-node`, comment: `${ROOMS[name]}/ imports no Node modules: it runs where there are none`, severity: 'error', from: { path: `^${ROOMS[name]}/` }, to: NODE_BUILTINS }]),
  ...(tfjs ? [] : [{ name: `${name}-no-tfjs`, comment: `${ROOMS[name]}/ is free of tfjs`, severity: 'error', from: { path: `^${ROOMS[name]}/` }, to: { path: '@tensorflow' } }]),
];

// The panel's page (webview/ui/) is in rooms of its own, by concern. Each stays within webview/'s
// rules above; of webview/ it may import itself and the page's rooms named, nothing else.
const PAGE_ROOMS = {
  base: 'webview/ui/base',
  charts: 'webview/ui/charts',
  workers: 'webview/ui/workers',
  figures: 'webview/ui/figures',
  cells: 'webview/ui/cells',
};

/** A room of the page may import the page's rooms named, and of webview/ nothing else (not main.ts, not worker.ts). */
const pageRoom = (name, { may }) => [
  {
    name: `ui-${name}-imports-only-${may.length ? may.join('-') : 'itself'}`,
    comment: `${PAGE_ROOMS[name]}/ may import ${may.length ? `${may.map((r) => PAGE_ROOMS[r] + '/').join(', ')} and nothing else` : 'nothing else'} of webview/`,
    severity: 'error',
    from: { path: `^${PAGE_ROOMS[name]}/` },
    to: { path: '^webview/', pathNot: `^(${[name, ...may].map((r) => PAGE_ROOMS[r]).join('|')})/` },
  },
];

module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
    ...room('shared', { may: [], tfjs: false }),
    ...room('compiler', { may: ['shared'], tfjs: false }),
    ...room('trainer', { may: ['shared'] }),
    ...room('node', { may: ['shared', 'compiler'], nodeBuiltins: true, tfjs: false }),
    // Both extension hosts run src/extension: the web one (src/web) has no Node.
    ...room('extension', { may: ['shared', 'compiler'], vscode: true, tfjs: false }),
    ...room('desktop', { may: ['shared', 'compiler', 'node', 'extension'], vscode: true, nodeBuiltins: true, tfjs: false }),
    ...room('web', { may: ['shared', 'compiler', 'extension'], vscode: true, tfjs: false }),
    ...room('cli', { may: ['shared', 'compiler', 'node', 'trainer'], nodeBuiltins: true }),
    ...room('webview', { may: ['shared', 'trainer'] }),
    ...pageRoom('base', { may: [] }),
    ...pageRoom('charts', { may: ['base'] }),
    ...pageRoom('workers', { may: [] }),
    ...pageRoom('figures', { may: ['base', 'charts', 'workers'] }),
    ...pageRoom('cells', { may: ['base', 'charts', 'workers', 'figures'] }),
    { name: 'ui-in-rooms', comment: 'webview/ui/ holds only the rooms of the page', severity: 'error', from: {}, to: { path: '^webview/ui/[^/]+$' } },
    { name: 'worker-imports-no-ui', comment: 'webview/worker.ts is the worker bundle: it imports nothing of the page', severity: 'error', from: { path: '^webview/worker\\.ts$' }, to: { path: '^webview/ui/' } },
    // The TypeScript server plugin runs inside tsserver, a Node process of its own.
    ...room('tsserver', { may: [], nodeBuiltins: true, tfjs: false }),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count too: a type from vscode in shared/ is a dependency on VS Code.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|test)/' },
  },
};
