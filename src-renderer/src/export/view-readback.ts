/**
 * The 3-D view's pixels for an animated export, read back without stalling the page: the WebGL2
 * canvas's picture is scaled on the GPU into a framebuffer of the size the figure draws it at
 * (blitFramebuffer, flipped so the rows come top first), copied into a pixel buffer (readPixels into
 * a PIXEL_PACK_BUFFER returns at once) and fenced; the bytes are fetched only once the fence has
 * signalled, a later task, so the page never waits for the GPU (a software one here: the view's
 * rendering can take hundreds of ms under load). The GL state the renderer (three.js) relies on —
 * framebuffer, pixel-buffer bindings, the scissor test — is put back after.
 */

/** An image's RGBA bytes, rows top first. */
export interface Pixels {
  width: number;
  height: number;
  data: Uint8ClampedArray<ArrayBuffer>;
}

/** Polls a fence every few ms (the fence's state changes only between tasks). */
const POLL_MS = 4;

export class ViewReadback {
  private fbo: WebGLFramebuffer | null = null;
  private color: WebGLRenderbuffer | null = null;
  private size = { width: 0, height: 0 };
  /** Pixel buffers not in use, of `size`. */
  private free: WebGLBuffer[] = [];

  private constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly gl: WebGL2RenderingContext,
  ) {}

  /** A reader of `canvas`'s picture; null where it holds no WebGL2 context (then snapshot it otherwise). */
  static of(canvas: HTMLCanvasElement): ViewReadback | null {
    const gl = canvas.getContext('webgl2');
    return gl && !gl.isContextLost() ? new ViewReadback(canvas, gl) : null;
  }

  /**
   * Starts reading the canvas's picture as it is now, scaled to `width` × `height`; resolves with its
   * pixels once the GPU has them. Reads started one after another resolve in that order.
   */
  read(width: number, height: number): Promise<Pixels> {
    const gl = this.gl;
    const fbo = this.target(width, height);
    const pbo = this.free.pop() ?? this.buffer(width * height * 4);
    const saved = {
      read: gl.getParameter(gl.READ_FRAMEBUFFER_BINDING) as WebGLFramebuffer | null,
      draw: gl.getParameter(gl.DRAW_FRAMEBUFFER_BINDING) as WebGLFramebuffer | null,
      pack: gl.getParameter(gl.PIXEL_PACK_BUFFER_BINDING) as WebGLBuffer | null,
      scissor: gl.isEnabled(gl.SCISSOR_TEST),
    };
    gl.disable(gl.SCISSOR_TEST);
    gl.bindFramebuffer(gl.READ_FRAMEBUFFER, null);
    gl.bindFramebuffer(gl.DRAW_FRAMEBUFFER, fbo);
    const { width: w, height: h } = this.canvas;
    // Destination rows swapped: the canvas's bottom row lands last, so the bytes read come top first.
    gl.blitFramebuffer(0, 0, w, h, 0, height, width, 0, gl.COLOR_BUFFER_BIT, gl.LINEAR);
    gl.bindFramebuffer(gl.READ_FRAMEBUFFER, fbo);
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, pbo);
    gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, 0);
    const fence = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0);
    gl.flush();
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, saved.pack);
    gl.bindFramebuffer(gl.READ_FRAMEBUFFER, saved.read);
    gl.bindFramebuffer(gl.DRAW_FRAMEBUFFER, saved.draw);
    if (saved.scissor) gl.enable(gl.SCISSOR_TEST);
    return this.settle(fence).then(() => this.fetch(pbo, width, height));
  }

  /** Resolves once `fence` has signalled (or the context was lost: the fetch then says so). */
  private async settle(fence: WebGLSync | null): Promise<void> {
    const gl = this.gl;
    if (!fence) throw new Error('the 3-D view could not be read (no fence)');
    try {
      while (!gl.isContextLost() && gl.getSyncParameter(fence, gl.SYNC_STATUS) !== gl.SIGNALED)
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    } finally {
      gl.deleteSync(fence);
    }
  }

  private fetch(pbo: WebGLBuffer, width: number, height: number): Pixels {
    const gl = this.gl;
    if (gl.isContextLost()) throw new Error('the 3-D view was lost (WebGL context lost)');
    const data = new Uint8ClampedArray(width * height * 4);
    const saved = gl.getParameter(gl.PIXEL_PACK_BUFFER_BINDING) as WebGLBuffer | null;
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, pbo);
    gl.getBufferSubData(gl.PIXEL_PACK_BUFFER, 0, data);
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, saved);
    if (width === this.size.width && height === this.size.height) this.free.push(pbo);
    else gl.deleteBuffer(pbo);
    return { width, height, data };
  }

  /** The framebuffer the picture is scaled into, (re)made at `width` × `height`. */
  private target(width: number, height: number): WebGLFramebuffer {
    const gl = this.gl;
    if (this.fbo && this.size.width === width && this.size.height === height) return this.fbo;
    this.release();
    this.size = { width, height };
    const saved = {
      fb: gl.getParameter(gl.DRAW_FRAMEBUFFER_BINDING) as WebGLFramebuffer | null,
      rb: gl.getParameter(gl.RENDERBUFFER_BINDING) as WebGLRenderbuffer | null,
    };
    this.color = gl.createRenderbuffer();
    gl.bindRenderbuffer(gl.RENDERBUFFER, this.color);
    gl.renderbufferStorage(gl.RENDERBUFFER, gl.RGBA8, width, height);
    this.fbo = gl.createFramebuffer();
    gl.bindFramebuffer(gl.DRAW_FRAMEBUFFER, this.fbo);
    gl.framebufferRenderbuffer(gl.DRAW_FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.RENDERBUFFER, this.color);
    gl.bindRenderbuffer(gl.RENDERBUFFER, saved.rb);
    gl.bindFramebuffer(gl.DRAW_FRAMEBUFFER, saved.fb);
    return this.fbo;
  }

  private buffer(bytes: number): WebGLBuffer {
    const gl = this.gl;
    const pbo = gl.createBuffer();
    const saved = gl.getParameter(gl.PIXEL_PACK_BUFFER_BINDING) as WebGLBuffer | null;
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, pbo);
    gl.bufferData(gl.PIXEL_PACK_BUFFER, bytes, gl.STREAM_READ);
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, saved);
    return pbo;
  }

  private release(): void {
    for (const pbo of this.free) this.gl.deleteBuffer(pbo);
    this.free = [];
    this.gl.deleteFramebuffer(this.fbo);
    this.gl.deleteRenderbuffer(this.color);
    this.fbo = this.color = null;
  }

  /** Frees the GL objects (after the export). */
  dispose(): void {
    if (!this.gl.isContextLost()) this.release();
  }
}
