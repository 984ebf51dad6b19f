/** The build's typeset gallery equations (scripts/gallery-equations.ts): read through equation-table.ts. */
declare module 'virtual:gallery-equations' {
  /** The gzip of the JSON { TeX: KaTeX's HTML and MathML } of every gallery equation, in base64. */
  export const EQUATIONS_GZIP_BASE64: string;
}
