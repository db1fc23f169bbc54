export { register } from './runtime';
export { OPERATION_NODES, editorOperations } from './definitions';
