/** The build's typeset gallery equations (scripts/gallery-equations.ts): read through equation-table.ts. */
declare module 'virtual:gallery-equations' {
  /**
   * Where the gzip of the JSON { TeX: KaTeX's HTML and MathML } of every gallery equation is: a file of
   * the build, or (dev server) in base64.
   */
  export const EQUATIONS_GZIP: { url: string } | { base64: string };
}
