export { register } from './runtime';
export { RESOURCE_NODES, editorOperations } from './definitions';
