export * from './webhook';
export * from './changes';
export * from './watch';
