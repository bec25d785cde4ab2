/**
 * The map's WebGL layer: every shown point as a GL point (disc, ring or diamond) and the chosen
 * prediction→target segments as GL lines, drawn straight into the map's canvas. The buffers are
 * uploaded once per scene; a pan or zoom is a change of two uniforms, so a draw costs the GPU's
 * time, not JavaScript's. Legend toggles skip a group's vertex range (groups are contiguous); the
 * groups are drawn in turns of STRIPE points so that no model covers the others.
 */
import { rgbOf } from '../../components/colors';
import type { MapScene, SceneLines } from './mapScene';
import type { FrameSize, Viewport } from './viewport';

const POINT_VS = `
attribute vec2 a_xy;
attribute vec4 a_rgba;
attribute float a_size;
attribute float a_shape;
uniform vec2 u_centre;
uniform vec2 u_ndc;   // NDC per layout unit, x and y
uniform float u_dpr;
uniform float u_scale; // the frame's marker scale (MapPlot's pointScale)
varying vec4 v_rgba;
varying float v_shape;
void main() {
  gl_Position = vec4((a_xy - u_centre) * u_ndc, 0.0, 1.0);
  gl_PointSize = max(1.0, a_size * u_scale * u_dpr);
  v_rgba = a_rgba;
  v_shape = a_shape;
}`;

const POINT_FS = `
precision mediump float;
varying vec4 v_rgba;
varying float v_shape;
void main() {
  vec2 d = gl_PointCoord - 0.5;
  float r = length(d);
  if (v_shape < 0.5) { if (r > 0.5) discard; }                       // disc
  else if (v_shape < 1.5) { if (r > 0.5 || r < 0.3) discard; }        // ring
  else { if (abs(d.x) + abs(d.y) > 0.5) discard; }                    // diamond
  gl_FragColor = vec4(v_rgba.rgb * v_rgba.a, v_rgba.a);              // premultiplied
}`;

const LINE_VS = `
attribute vec2 a_xy;
uniform vec2 u_centre;
uniform vec2 u_ndc;
void main() { gl_Position = vec4((a_xy - u_centre) * u_ndc, 0.0, 1.0); }`;

const LINE_FS = `
precision mediump float;
uniform vec4 u_rgba;
void main() { gl_FragColor = vec4(u_rgba.rgb * u_rgba.a, u_rgba.a); }`;

/**
 * A progressive draw's points per frame. Measured without a GPU (SwiftShader, bench/README.md
 * "Drawing"): 32,768-point chunks kept pan and zoom over a million points free of long tasks but
 * one of 54 ms; 65,536 left tasks of 58–90 ms, one whole draw 0.44 s. Frame times cannot steer the
 * size: the wait for the rasteriser falls in a later task, not between animation frames. With a
 * GPU a million points fill in over 31 frames.
 */
const CHUNK = 32_768;

/** The most vertices of one group drawn before the next group's turn (see interleave). */
export const STRIPE = 4096;
/** Turns the largest group is cut into at least, and the fewest vertices a turn takes. */
const TURNS = 64;
const MIN_STRIPE = 16;

/** A turn's vertices for these groups: the largest in TURNS turns, within [MIN_STRIPE, STRIPE]. */
export function stripeFor(groups: { start: number; end: number }[]): number {
  const largest = Math.max(0, ...groups.map((g) => g.end - g.start));
  return Math.min(STRIPE, Math.max(MIN_STRIPE, Math.ceil(largest / TURNS)));
}

/**
 * The groups' vertex ranges in draw order, taking `stripe` vertices from each group in turn: drawn
 * group after group, the last model would cover every other in a dense region (at a million points
 * the map showed one colour; at 4 × 685 points, with whole groups under one 4096 stripe, the
 * last model covered most of what the four drew); in turns, what shows on top is a mix. A group
 * under one stripe is drawn whole.
 */
export function interleave(
  groups: { start: number; end: number }[],
  stripe = stripeFor(groups),
): [number, number][] {
  const out: [number, number][] = [];
  const n = groups.length;
  // Each turn starts one group later: the models' predictions of one window lie close together and
  // come in the same turn, so a fixed order would put the last model on top of every window.
  for (let at = 0, turn = 0; groups.some((g) => g.start + at < g.end); at += stripe, turn++)
    for (let j = 0; j < n; j++) {
      const g = groups[(turn + j) % n];
      if (g.start + at < g.end) out.push([g.start + at, Math.min(g.end, g.start + at + stripe)]);
    }
  return out;
}

/** Segments' opacity: a sample of lines reads as direction without hiding the points. */
const LINE_ALPHA = 0.3;

function program(gl: WebGLRenderingContext, vs: string, fs: string): WebGLProgram {
  const p = gl.createProgram()!;
  for (const [type, src] of [
    [gl.VERTEX_SHADER, vs],
    [gl.FRAGMENT_SHADER, fs],
  ] as const) {
    const s = gl.createShader(type)!;
    gl.shaderSource(s, src);
    gl.compileShader(s);
    if (!gl.getShaderParameter(s, gl.COMPILE_STATUS))
      throw new Error(`a map shader did not compile: ${gl.getShaderInfoLog(s)}`);
    gl.attachShader(p, s);
  }
  gl.linkProgram(p);
  if (!gl.getProgramParameter(p, gl.LINK_STATUS))
    throw new Error(`the map shaders did not link: ${gl.getProgramInfoLog(p)}`);
  return p;
}

export class PointsGl {
  private readonly gl: WebGLRenderingContext;
  private readonly points: WebGLProgram;
  private readonly lines: WebGLProgram;
  private buffers: WebGLBuffer[] = [];
  private lineBuffers: { key: string; rgba: number[]; buffer: WebGLBuffer; count: number }[] = [];
  private scene: MapScene | null = null;
  /** every marker's size times this (the frame's area against the scene's: pointScale) */
  pointScale = 1;

  /** Throws, saying why, when the browser gives no WebGL context. */
  constructor(private readonly canvas: HTMLCanvasElement) {
    const gl = canvas.getContext('webgl', {
      antialias: false,
      premultipliedAlpha: true,
      alpha: true,
      // kept so a PNG export can read the last drawn frame
      preserveDrawingBuffer: true,
    });
    if (!gl) throw new Error('this browser gives the page no WebGL context');
    this.gl = gl;
    this.points = program(gl, POINT_VS, POINT_FS);
    this.lines = program(gl, LINE_VS, LINE_FS);
  }

  /** Uploads a scene's vertices (replacing the last scene's). */
  setScene(scene: MapScene): void {
    for (const b of this.buffers) this.gl.deleteBuffer(b);
    this.buffers = [
      this.upload(scene.xy),
      this.upload(scene.rgba),
      this.upload(scene.size),
      this.upload(Float32Array.from(scene.shape)),
    ];
    this.scene = scene;
  }

  /** Uploads the prediction→target segments (replacing the last ones); drawn under the points. */
  setLines(lines: SceneLines[]): void {
    for (const l of this.lineBuffers) this.gl.deleteBuffer(l.buffer);
    this.lineBuffers = lines.map((l) => ({
      key: l.key,
      rgba: [...rgbOf(l.colour).map((c) => c / 255), LINE_ALPHA],
      buffer: this.upload(l.xy),
      count: l.xy.length / 2,
    }));
  }

  private upload(data: ArrayBufferView): WebGLBuffer {
    const { gl } = this;
    const b = gl.createBuffer()!;
    gl.bindBuffer(gl.ARRAY_BUFFER, b);
    gl.bufferData(gl.ARRAY_BUFFER, data as ArrayBufferView<ArrayBuffer>, gl.STATIC_DRAW);
    return b;
  }

  /** Draws the scene with view `v` into a frame of `size` CSS px, skipping `hidden` groups. */
  draw(v: Viewport, size: FrameSize, hidden: ReadonlySet<string>): void {
    for (const [start, end] of this.begin(v, size, hidden))
      this.gl.drawArrays(this.gl.POINTS, start, end - start);
  }

  /**
   * Draws like `draw`, CHUNK points per animation frame (the first chunk now), so no frame waits
   * for all of them: without a GPU a million points are a 0.4 s draw. Returns a function that
   * stops the drawing.
   */
  drawInFrames(v: Viewport, size: FrameSize, hidden: ReadonlySet<string>): () => void {
    const ranges = this.begin(v, size, hidden);
    let r = 0;
    let at = ranges[0]?.[0] ?? 0;
    let frame = 0;
    const step = () => {
      for (let budget = CHUNK; budget > 0 && r < ranges.length;) {
        const end = Math.min(ranges[r][1], at + budget);
        this.gl.drawArrays(this.gl.POINTS, at, end - at);
        budget -= end - at;
        at = end;
        if (at >= ranges[r][1]) at = ranges[++r]?.[0] ?? 0;
      }
      if (r < ranges.length) frame = requestAnimationFrame(step);
    };
    step();
    return () => cancelAnimationFrame(frame);
  }

  /** Clears, draws the lines, readies the points program; the visible groups' vertex ranges. */
  private begin(v: Viewport, size: FrameSize, hidden: ReadonlySet<string>): [number, number][] {
    const { gl, canvas, scene } = this;
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(size.width * dpr));
    const h = Math.max(1, Math.round(size.height * dpr));
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    gl.viewport(0, 0, w, h);
    gl.clearColor(0, 0, 0, 0);
    gl.clear(gl.COLOR_BUFFER_BIT);
    if (!scene) return [];
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
    const ndc = [(2 * v.scale) / size.width, (2 * v.scale) / size.height];

    // Arrays left enabled by the points program would be checked against the lines' vertex count.
    for (let loc = 0; loc < 4; loc++) gl.disableVertexAttribArray(loc);
    gl.useProgram(this.lines);
    gl.uniform2f(gl.getUniformLocation(this.lines, 'u_centre'), v.cx, v.cy);
    gl.uniform2f(gl.getUniformLocation(this.lines, 'u_ndc'), ndc[0], ndc[1]);
    const lineXy = gl.getAttribLocation(this.lines, 'a_xy');
    for (const l of this.lineBuffers) {
      if (hidden.has(l.key)) continue;
      gl.bindBuffer(gl.ARRAY_BUFFER, l.buffer);
      gl.enableVertexAttribArray(lineXy);
      gl.vertexAttribPointer(lineXy, 2, gl.FLOAT, false, 0, 0);
      gl.uniform4fv(gl.getUniformLocation(this.lines, 'u_rgba'), l.rgba);
      gl.drawArrays(gl.LINES, 0, l.count);
    }

    const p = this.points;
    gl.useProgram(p);
    gl.uniform2f(gl.getUniformLocation(p, 'u_centre'), v.cx, v.cy);
    gl.uniform2f(gl.getUniformLocation(p, 'u_ndc'), ndc[0], ndc[1]);
    gl.uniform1f(gl.getUniformLocation(p, 'u_dpr'), dpr);
    gl.uniform1f(gl.getUniformLocation(p, 'u_scale'), this.pointScale);
    const attrs: [string, number, number, boolean][] = [
      ['a_xy', 2, gl.FLOAT, false],
      ['a_rgba', 4, gl.UNSIGNED_BYTE, true],
      ['a_size', 1, gl.FLOAT, false],
      ['a_shape', 1, gl.FLOAT, false],
    ];
    attrs.forEach(([name, n, type, norm], j) => {
      const loc = gl.getAttribLocation(p, name);
      gl.bindBuffer(gl.ARRAY_BUFFER, this.buffers[j]);
      gl.enableVertexAttribArray(loc);
      gl.vertexAttribPointer(loc, n, type, norm, 0, 0);
    });
    return interleave(scene.groups.filter((g) => !hidden.has(g.key)));
  }

  dispose(): void {
    for (const b of this.buffers) this.gl.deleteBuffer(b);
    for (const l of this.lineBuffers) this.gl.deleteBuffer(l.buffer);
    this.buffers = [];
    this.lineBuffers = [];
    this.scene = null;
  }
}
