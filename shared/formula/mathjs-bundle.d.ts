/** Types for mathjs's single-file bundle: the same API as the package's main entry. */
declare module 'mathjs/lib/browser/math.js' {
  const mathjs: typeof import('mathjs');
  export default mathjs;
}
