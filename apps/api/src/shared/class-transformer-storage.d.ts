// class-transformer keeps its metadata storage in a module its typings describe under another path.
declare module 'class-transformer/cjs/storage' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}
