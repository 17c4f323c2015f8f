// The OCR engine (issue 13): PaddleOCR v4 (ONNX) through @gutenye/ocr-node, screenshot bytes in, recognised
// lines out (types/reading.ts). It runs only inside a reader child (server/reading/reader-child.ts): inference
// holds its thread for seconds, so it must never run on the API's event loop.
//
// No temporary file: ocr-node's detect(x) hands x straight to sharp (its ImageRaw.open is `sharp(x)`), and
// sharp takes a Buffer as well as a path — the screenshot, personal data, never touches the disk here.
//
// Image preparation, before OCR:
//  - flattened on white (a transparent PNG would otherwise read as black on black);
//  - scaled down to maxWidth when wider (detection time grows with the pixel count; a screenshot
//    narrower keeps its size; 720 by default: READING_MAX_WIDTH);
//  - padded right and bottom with white to a multiple of 32. The detector needs multiples of 32 and would
//    otherwise stretch the picture with letterboxing, so its boxes would sit a few pixels off; padded, its
//    boxes are in the prepared picture's pixels, which we scale back to the ORIGINAL image's pixels.
import type { RecognisedLine } from '../../types/reading'

export interface EngineOptions {
  /** wider screenshots are scaled down to this width before OCR */
  maxWidth?: number
  /** onnxruntime intra-op threads per session (a reader child is meant to use one core) */
  threads?: number
  /** extra onnxruntime session options (measurements; the defaults below are the measured choice) */
  onnx?: Record<string, unknown>
}

export interface Engine {
  read(image: Buffer): Promise<RecognisedLine[]>
}

/** One point of the engine's quadrilateral: [x, y] */
type Quad = number[][]
interface OcrLine {
  text: string
  mean: number
  box?: Quad
}
interface OcrInstance {
  detect(image: string | Buffer): Promise<OcrLine[]>
}

const DETECTOR_MULTIPLE = 32
// PNG without compression: it is decoded again a microsecond later by ocr-node's sharp, in the same process.
const HANDOFF_PNG = { compressionLevel: 0, adaptiveFiltering: false } as const
const WHITE = { r: 255, g: 255, b: 255 }
// A screenshot is at most this many pixels (the upload path enforces its own, smaller limit first).
const MAX_INPUT_PIXELS = 40_000_000

export const DEFAULT_MAX_WIDTH = 720

/** Loads the models (~0.65 s here); the first read after this is slow — warm it (reader-child does). */
export async function createEngine(opts: EngineOptions = {}): Promise<Engine> {
  const maxWidth = opts.maxWidth ?? DEFAULT_MAX_WIDTH
  const threads = opts.threads ?? 1
  // ocr-node is ESM-only: a dynamic import works from both tsx (ESM or CJS) and babel-jest.
  const { default: Ocr } = (await import('@gutenye/ocr-node')) as unknown as {
    default: { create(o: { onnxOptions?: Record<string, unknown> }): Promise<OcrInstance> }
  }
  const { default: sharp } = await import('sharp')
  const ocr = await Ocr.create({
    // ocr-node passes these to onnxruntime's InferenceSession.create for both models
    onnxOptions: { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', ...opts.onnx }
  })

  async function prepare(image: Buffer): Promise<{ png: Buffer; scale: number }> {
    const meta = await sharp(image, { limitInputPixels: MAX_INPUT_PIXELS }).metadata()
    if (!meta.width || !meta.height) throw new Error('not a picture')
    const width = Math.min(meta.width, maxWidth)
    const height = Math.max(1, Math.round((meta.height * width) / meta.width))
    const padRight = (DETECTOR_MULTIPLE - (width % DETECTOR_MULTIPLE)) % DETECTOR_MULTIPLE
    const padBottom = (DETECTOR_MULTIPLE - (height % DETECTOR_MULTIPLE)) % DETECTOR_MULTIPLE
    let pipeline = sharp(image, { limitInputPixels: MAX_INPUT_PIXELS }).flatten({ background: WHITE })
    if (width !== meta.width) pipeline = pipeline.resize({ width, height, fit: 'fill' })
    // resize and extend in one sharp pipeline would extend first; two steps keep the order
    const scaled = await pipeline.raw().toBuffer({ resolveWithObject: true })
    const png = await sharp(scaled.data, { raw: { width: scaled.info.width, height: scaled.info.height, channels: scaled.info.channels } })
      .extend({ right: padRight, bottom: padBottom, background: WHITE })
      .png(HANDOFF_PNG)
      .toBuffer()
    return { png, scale: meta.width / width }
  }

  return {
    async read(image: Buffer): Promise<RecognisedLine[]> {
      const { png, scale } = await prepare(image)
      const lines = await ocr.detect(png)
      return lines.filter((l) => l.text.trim() !== '').map((l) => toLine(l, scale))
    }
  }
}

function toLine(l: OcrLine, scale: number): RecognisedLine {
  const q = l.box ?? []
  const xs = q.map((p) => p[0])
  const ys = q.map((p) => p[1])
  const x = xs.length ? Math.min(...xs) : 0
  const y = ys.length ? Math.min(...ys) : 0
  const w = xs.length ? Math.max(...xs) - x : 0
  const h = ys.length ? Math.max(...ys) - y : 0
  const r = (n: number): number => Math.round(n * scale)
  return { text: l.text, score: Math.round(l.mean * 1000) / 1000, box: { x: r(x), y: r(y), w: r(w), h: r(h) } }
}
