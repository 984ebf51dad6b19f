/** Which WebGL implementation draws the view: a software one is given a point budget (point-budget.ts). */

/** Whether a WebGL context rasterizes in software (its unmasked renderer's name says so). */
export function isSoftwareRenderer(gl: WebGLRenderingContext | WebGL2RenderingContext): boolean {
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  return /swiftshader|llvmpipe|softpipe|software/i.test(name);
}
