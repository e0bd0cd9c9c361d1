// tfjs as the global `tf`, as the course's page gives it with a script tag. TypeScript shows a
// UMD global to script files only: a module still needs its own import.
export * from '@tensorflow/tfjs';
export as namespace tf;
