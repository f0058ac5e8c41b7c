/**
 * Types for simple-peer's self-contained browser bundle, which we import instead of the package
 * root (the root needs Node's `global`/`process` and breaks in browsers; see TOOLCHAIN.md).
 */
declare module 'simple-peer/simplepeer.min.js' {
  import SimplePeer from 'simple-peer';
  export default SimplePeer;
}
